-- AlterTable
ALTER TABLE "settings" ADD COLUMN     "locked_before" DATE;

-- CreateTable
CREATE TABLE "week_approvals" (
    "id" SERIAL NOT NULL,
    "user_id" INTEGER NOT NULL,
    "week_start" DATE NOT NULL,
    "starts_at" TIMESTAMPTZ(6) NOT NULL,
    "ends_at" TIMESTAMPTZ(6) NOT NULL,
    "status" VARCHAR(10) NOT NULL,
    "submitted_at" TIMESTAMPTZ(6) NOT NULL,
    "decided_at" TIMESTAMPTZ(6),
    "decided_by" INTEGER,
    "note" TEXT,

    CONSTRAINT "week_approvals_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "week_approval_events" (
    "id" SERIAL NOT NULL,
    "approval_id" INTEGER NOT NULL,
    "status" VARCHAR(10) NOT NULL,
    "actor_id" INTEGER,
    "note" TEXT,
    "at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "week_approval_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "lock_overrides" (
    "id" SERIAL NOT NULL,
    "actor_id" INTEGER,
    "user_id" INTEGER NOT NULL,
    "action" VARCHAR(20) NOT NULL,
    "entry_id" INTEGER,
    "reason" VARCHAR(20) NOT NULL,
    "at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "lock_overrides_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "idx_week_approvals_status" ON "week_approvals"("status", "week_start");

-- CreateIndex
CREATE UNIQUE INDEX "uq_week_approvals_user_week" ON "week_approvals"("user_id", "week_start");

-- CreateIndex
CREATE INDEX "idx_week_approval_events_approval" ON "week_approval_events"("approval_id");

-- CreateIndex
CREATE INDEX "idx_lock_overrides_user" ON "lock_overrides"("user_id", "at");

-- AddForeignKey
ALTER TABLE "week_approvals" ADD CONSTRAINT "week_approvals_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "week_approvals" ADD CONSTRAINT "week_approvals_decided_by_fkey" FOREIGN KEY ("decided_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "week_approval_events" ADD CONSTRAINT "week_approval_events_approval_id_fkey" FOREIGN KEY ("approval_id") REFERENCES "week_approvals"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- Hand-written: the four statuses, a week that ends after it starts, the override reasons.
ALTER TABLE "week_approvals" ADD CONSTRAINT "week_approvals_status_check" CHECK ("status" IN ('submitted', 'approved', 'rejected', 'withdrawn'));
ALTER TABLE "week_approvals" ADD CONSTRAINT "week_approvals_bounds_check" CHECK ("ends_at" > "starts_at");
ALTER TABLE "week_approval_events" ADD CONSTRAINT "week_approval_events_status_check" CHECK ("status" IN ('submitted', 'approved', 'rejected', 'withdrawn'));
ALTER TABLE "lock_overrides" ADD CONSTRAINT "lock_overrides_reason_check" CHECK ("reason" IN ('lockdown', 'submitted', 'approved'));
