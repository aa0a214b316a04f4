-- Usernames are one account each ignoring case and surrounding spaces: Bob, bob and ' bob '
-- are the same person signing in, so at most one of them may exist. Sign-in, set-password,
-- create-admin and the seed look a user up by this same expression (UsersRepository
-- findByUsername), which this index makes both unique and fast. Prisma's schema language cannot
-- declare an index on an expression, hence this file (verify expects it from here).
--
-- Created only when missing (no table lock on a normal start). Adoption refuses a database
-- whose usernames clash before it gets here; any other database that has such names is refused
-- with their names rather than with a bare unique violation.
DO $$
DECLARE
    clashes text;
BEGIN
    IF to_regclass(format('%I.%I', current_schema(), 'uq_users_username_ci')) IS NOT NULL THEN
        RETURN;
    END IF;
    SELECT string_agg(names, '; ' ORDER BY names) INTO clashes
    FROM (
        SELECT string_agg(format('%s (id %s)', to_json(username)::text, id), ' and ' ORDER BY id) AS names
        FROM users
        GROUP BY lower(btrim(username))
        HAVING count(*) > 1
    ) groups;
    IF clashes IS NOT NULL THEN
        RAISE EXCEPTION 'usernames that differ only in case or surrounding spaces: %', clashes
            USING HINT = 'rename all but one account of each group, then start again';
    END IF;
    CREATE UNIQUE INDEX uq_users_username_ci ON users (lower(btrim(username)));
END;
$$;
