-- CreateTable
CREATE TABLE "imports" (
    "id" SERIAL NOT NULL,
    "format" VARCHAR(20) NOT NULL,
    "timezone" VARCHAR(50) NOT NULL,
    "mapping" JSONB NOT NULL DEFAULT '{}',
    "headers" JSONB NOT NULL DEFAULT '[]',
    "delimiter" VARCHAR(1) NOT NULL DEFAULT ',',
    "file_name" VARCHAR(255) NOT NULL,
    "file_size" INTEGER NOT NULL,
    "sha256" VARCHAR(64) NOT NULL,
    "data" BYTEA NOT NULL,
    "status" VARCHAR(10) NOT NULL DEFAULT 'uploaded',
    "mode" VARCHAR(10) NOT NULL DEFAULT 'dry_run',
    "cancel_requested" BOOLEAN NOT NULL DEFAULT false,
    "rows_total" INTEGER,
    "rows_done" INTEGER NOT NULL DEFAULT 0,
    "created" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "refused" INTEGER NOT NULL DEFAULT 0,
    "locked_until" TIMESTAMPTZ(6),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "worker" VARCHAR(200),
    "error" VARCHAR(1000),
    "created_by" INTEGER,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(6),
    "finished_at" TIMESTAMPTZ(6),
    "undone_at" TIMESTAMPTZ(6),
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "imports_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "import_rows" (
    "id" BIGSERIAL NOT NULL,
    "import_id" INTEGER NOT NULL,
    "mode" VARCHAR(10) NOT NULL,
    "row_number" INTEGER NOT NULL,
    "outcome" VARCHAR(10) NOT NULL,
    "reason" VARCHAR(300),
    "summary" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "import_rows_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "import_entries" (
    "entry_id" INTEGER NOT NULL,
    "import_id" INTEGER NOT NULL,
    "source_key" VARCHAR(64) NOT NULL,

    CONSTRAINT "import_entries_pkey" PRIMARY KEY ("entry_id")
);

-- CreateIndex
CREATE INDEX "idx_imports_due" ON "imports"("status", "locked_until");

-- CreateIndex
CREATE INDEX "idx_imports_created_at" ON "imports"("created_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "uq_import_rows_row" ON "import_rows"("import_id", "mode", "row_number");

-- CreateIndex
CREATE INDEX "idx_import_entries_import" ON "import_entries"("import_id");

-- CreateIndex
CREATE UNIQUE INDEX "uq_import_entries_source_key" ON "import_entries"("source_key");

-- AddForeignKey
ALTER TABLE "imports" ADD CONSTRAINT "imports_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "import_rows" ADD CONSTRAINT "import_rows_import_id_fkey" FOREIGN KEY ("import_id") REFERENCES "imports"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "import_entries" ADD CONSTRAINT "import_entries_entry_id_fkey" FOREIGN KEY ("entry_id") REFERENCES "time_entries"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "import_entries" ADD CONSTRAINT "import_entries_import_id_fkey" FOREIGN KEY ("import_id") REFERENCES "imports"("id") ON DELETE RESTRICT ON UPDATE NO ACTION;

-- Hand-written: the values the import code writes (Prisma's schema language has no CHECK).
ALTER TABLE "imports" ADD CONSTRAINT "imports_format_check" CHECK ("format" IN ('toggl', 'clockify', 'kimai', 'solidtime', 'generic'));
ALTER TABLE "imports" ADD CONSTRAINT "imports_status_check" CHECK ("status" IN ('uploaded', 'queued', 'running', 'checked', 'done', 'failed', 'cancelled', 'undone'));
ALTER TABLE "imports" ADD CONSTRAINT "imports_mode_check" CHECK ("mode" IN ('dry_run', 'run'));
ALTER TABLE "import_rows" ADD CONSTRAINT "import_rows_mode_check" CHECK ("mode" IN ('dry_run', 'run'));
ALTER TABLE "import_rows" ADD CONSTRAINT "import_rows_outcome_check" CHECK ("outcome" IN ('create', 'skip', 'refuse'));
