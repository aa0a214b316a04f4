-- AlterTable
ALTER TABLE "time_entries" ADD COLUMN     "auto_stopped_at" TIMESTAMPTZ(6),
ADD COLUMN     "stopped_reason" VARCHAR(20);

-- CreateTable
CREATE TABLE "job_runs" (
    "id" SERIAL NOT NULL,
    "job_name" VARCHAR(50) NOT NULL,
    "scheduled_at" TIMESTAMPTZ(6) NOT NULL,
    "started_at" TIMESTAMPTZ(6) NOT NULL,
    "finished_at" TIMESTAMPTZ(6),
    "outcome" VARCHAR(10) NOT NULL,
    "error" VARCHAR(1000),
    "counts" JSONB,
    "worker" VARCHAR(200) NOT NULL,

    CONSTRAINT "job_runs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "idx_job_runs_job_started" ON "job_runs"("job_name", "started_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "uq_job_runs_job_scheduled" ON "job_runs"("job_name", "scheduled_at");

-- Hand-written: the stop reasons and run outcomes the worker knows.
ALTER TABLE "time_entries" ADD CONSTRAINT "time_entries_stopped_reason_check" CHECK ("stopped_reason" IS NULL OR "stopped_reason" IN ('idle'));
ALTER TABLE "job_runs" ADD CONSTRAINT "job_runs_outcome_check" CHECK ("outcome" IN ('running', 'ok', 'failed', 'skipped'));
