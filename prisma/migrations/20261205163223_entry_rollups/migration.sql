-- CreateTable
CREATE TABLE "entry_rollups" (
    "id" BIGSERIAL NOT NULL,
    "month" DATE NOT NULL,
    "user_id" INTEGER,
    "project_id" INTEGER,
    "task_id" INTEGER,
    "billable" BOOLEAN NOT NULL,
    "invoice_item_id" INTEGER,
    "billable_rate" DECIMAL(10,2),
    "cost_rate" DECIMAL(10,2),
    "entries" INTEGER NOT NULL,
    "seconds" BIGINT NOT NULL,
    "break_seconds" BIGINT NOT NULL,

    CONSTRAINT "entry_rollups_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "entry_rollup_deltas" (
    "id" BIGSERIAL NOT NULL,
    "month" DATE NOT NULL,
    "user_id" INTEGER,
    "project_id" INTEGER,
    "task_id" INTEGER,
    "billable" BOOLEAN NOT NULL,
    "invoice_item_id" INTEGER,
    "billable_rate" DECIMAL(10,2),
    "cost_rate" DECIMAL(10,2),
    "entries" INTEGER NOT NULL,
    "seconds" BIGINT NOT NULL,
    "break_seconds" BIGINT NOT NULL,

    CONSTRAINT "entry_rollup_deltas_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "entry_rollup_state" (
    "id" INTEGER NOT NULL,
    "zone" VARCHAR(50) NOT NULL,
    "built_at" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "entry_rollup_state_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "idx_entry_rollups_user_month" ON "entry_rollups"("user_id", "month");

-- CreateIndex
CREATE INDEX "idx_entry_rollups_project_month" ON "entry_rollups"("project_id", "month");
