-- CreateTable
CREATE TABLE "entry_rollup_month_totals" (
    "id" BIGSERIAL NOT NULL,
    "month" DATE NOT NULL,
    "user_id" INTEGER,
    "project_id" INTEGER,
    "billable" BOOLEAN NOT NULL,
    "entries" INTEGER NOT NULL,
    "seconds" BIGINT NOT NULL,
    "break_seconds" BIGINT NOT NULL,
    "priced" DECIMAL(24,2) NOT NULL,
    "costed" DECIMAL(24,2) NOT NULL,

    CONSTRAINT "entry_rollup_month_totals_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "idx_entry_rollup_month_totals_user_month" ON "entry_rollup_month_totals"("user_id", "month");

-- CreateIndex
CREATE INDEX "idx_entry_rollup_month_totals_project_month" ON "entry_rollup_month_totals"("project_id", "month");
