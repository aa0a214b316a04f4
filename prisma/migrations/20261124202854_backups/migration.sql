-- CreateTable
CREATE TABLE "backups" (
    "id" SERIAL NOT NULL,
    "trigger" VARCHAR(10) NOT NULL,
    "requested_by" INTEGER,
    "requested_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "scheduled_for" TIMESTAMPTZ(6),
    "status" VARCHAR(10) NOT NULL DEFAULT 'requested',
    "started_at" TIMESTAMPTZ(6),
    "finished_at" TIMESTAMPTZ(6),
    "file_name" VARCHAR(255),
    "size_bytes" BIGINT,
    "schema_version" VARCHAR(255),
    "tables_done" INTEGER NOT NULL DEFAULT 0,
    "tables_total" INTEGER NOT NULL DEFAULT 0,
    "rows_done" BIGINT NOT NULL DEFAULT 0,
    "error" VARCHAR(1000),
    "worker" VARCHAR(200),

    CONSTRAINT "backups_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "uq_backups_scheduled_for" ON "backups"("scheduled_for");

-- CreateIndex
CREATE INDEX "idx_backups_status" ON "backups"("status");

-- CreateIndex
CREATE INDEX "idx_backups_requested_at" ON "backups"("requested_at" DESC);

-- AddForeignKey
ALTER TABLE "backups" ADD CONSTRAINT "backups_requested_by_fkey" FOREIGN KEY ("requested_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION;

-- Hand-written: the triggers and states a backup can have.
ALTER TABLE "backups" ADD CONSTRAINT "backups_trigger_check" CHECK ("trigger" IN ('schedule', 'manual'));
ALTER TABLE "backups" ADD CONSTRAINT "backups_status_check" CHECK ("status" IN ('requested', 'running', 'ok', 'failed'));
