-- Hand-edited: the rollups' state goes, so the start-up's prisma/sql/010_entry_rollups.sql creates
-- the tag links' triggers and rebuilds every rollup, the new entry_rollup_tags with them, from
-- time_entries in its transaction; until it has, reports price every entry (they read the rollups
-- only while entry_rollup_state names the company's zone).
DELETE FROM "entry_rollup_state";

-- CreateTable
CREATE TABLE "entry_rollup_tags" (
    "id" BIGSERIAL NOT NULL,
    "month" DATE NOT NULL,
    "tag_id" INTEGER,
    "user_id" INTEGER,
    "project_id" INTEGER,
    "billable" BOOLEAN NOT NULL,
    "billable_rate" DECIMAL(10,2),
    "cost_rate" DECIMAL(10,2),
    "entries" INTEGER NOT NULL,
    "seconds" BIGINT NOT NULL,
    "break_seconds" BIGINT NOT NULL,

    CONSTRAINT "entry_rollup_tags_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "entry_rollup_tag_deltas" (
    "id" BIGSERIAL NOT NULL,
    "month" DATE NOT NULL,
    "tag_id" INTEGER,
    "user_id" INTEGER,
    "project_id" INTEGER,
    "billable" BOOLEAN NOT NULL,
    "billable_rate" DECIMAL(10,2),
    "cost_rate" DECIMAL(10,2),
    "entries" INTEGER NOT NULL,
    "seconds" BIGINT NOT NULL,
    "break_seconds" BIGINT NOT NULL,

    CONSTRAINT "entry_rollup_tag_deltas_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "entry_rollup_removed" (
    "id" BIGSERIAL NOT NULL,
    "entry_id" INTEGER NOT NULL,
    "start_time" TIMESTAMPTZ(6) NOT NULL,
    "end_time" TIMESTAMPTZ(6),
    "duration_seconds" INTEGER,
    "break_seconds" INTEGER NOT NULL,
    "user_id" INTEGER,
    "project_id" INTEGER,
    "billable" BOOLEAN NOT NULL,
    "invoice_item_id" INTEGER,

    CONSTRAINT "entry_rollup_removed_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "idx_entry_rollup_tags_user_month" ON "entry_rollup_tags"("user_id", "month");

-- CreateIndex
CREATE INDEX "idx_entry_rollup_tags_project_month" ON "entry_rollup_tags"("project_id", "month");

-- CreateIndex
CREATE INDEX "idx_entry_rollup_removed_entry" ON "entry_rollup_removed"("entry_id");
