-- Tag names are one tag each ignoring case: Design and design are the same label, so at most
-- one of them may exist. The API looks a name up by this same expression (TagsRepository), and
-- creating one on the fly relies on it (ON CONFLICT). Prisma's schema language cannot declare an
-- index on an expression, hence this file (verify expects it from here). The migration that made
-- the table merged names equal ignoring case, so the index always builds; created only when
-- missing (no table lock on a normal start).
DO $$
BEGIN
    IF to_regclass(format('%I.%I', current_schema(), 'tags')) IS NULL
       OR to_regclass(format('%I.%I', current_schema(), 'uq_tags_name_ci')) IS NOT NULL THEN
        RETURN;
    END IF;
    CREATE UNIQUE INDEX uq_tags_name_ci ON tags (lower(name));
END;
$$;
