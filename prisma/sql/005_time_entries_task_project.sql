-- An entry's task belongs to the entry's project, whoever writes (the app, psql, a script): a
-- composite foreign key time_entries (task_id, project_id) → tasks (id, project_id). The
-- services check the pair too, but only the database closes the race between an entry's check
-- and an admin moving the task to another project: whichever commits second is refused
-- (the entry write with 23503, mapped to 409; the move likewise, as ON UPDATE is NO ACTION).
-- MATCH SIMPLE: an entry without a task (or without a project) is not checked. Deleting a task
-- clears only the entries' task_id, as the plain task_id foreign key does (PostgreSQL 15+).
-- Schema.prisma cannot declare it (the pair shares project_id with the project relation),
-- hence this file (verify expects it from here).
--
-- NOT VALID: adopted databases were written by apps that never checked the pair, and adoption
-- neither refuses nor repairs a mismatch, so old rows are left as they are (an edit that keeps
-- task and project is not checked either); every new or changed pair is. Created only when
-- missing, so a normal start takes no lock.
DO $$
BEGIN
    IF to_regclass(format('%I.%I', current_schema(), 'uq_tasks_id_project_id')) IS NULL THEN
        CREATE UNIQUE INDEX uq_tasks_id_project_id ON tasks (id, project_id);
    END IF;
    IF NOT EXISTS (
        SELECT 1 FROM pg_constraint
         WHERE conname = 'fk_time_entries_task_project'
           AND conrelid = to_regclass(format('%I.%I', current_schema(), 'time_entries'))
    ) THEN
        ALTER TABLE time_entries
            ADD CONSTRAINT fk_time_entries_task_project FOREIGN KEY (task_id, project_id)
            REFERENCES tasks (id, project_id) MATCH SIMPLE
            ON UPDATE NO ACTION ON DELETE SET NULL (task_id) NOT VALID;
    END IF;
END;
$$;
