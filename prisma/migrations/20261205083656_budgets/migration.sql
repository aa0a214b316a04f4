-- AlterTable
ALTER TABLE "settings" ADD COLUMN     "budget_refuse_over" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "budget_thresholds" INTEGER[] DEFAULT ARRAY[50, 80, 100]::INTEGER[];

-- CreateTable
CREATE TABLE "budgets" (
    "id" SERIAL NOT NULL,
    "project_id" INTEGER,
    "client_id" INTEGER,
    "hours" DECIMAL(9,2),
    "amount" DECIMAL(12,2),
    "period" VARCHAR(10) NOT NULL DEFAULT 'lifetime',
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "budgets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "budget_notifications" (
    "id" SERIAL NOT NULL,
    "budget_id" INTEGER NOT NULL,
    "period_start" DATE NOT NULL,
    "threshold" INTEGER NOT NULL,
    "raised_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "read_at" TIMESTAMPTZ(6),

    CONSTRAINT "budget_notifications_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "uq_budgets_project_period" ON "budgets"("project_id", "period");

-- CreateIndex
CREATE UNIQUE INDEX "uq_budgets_client_period" ON "budgets"("client_id", "period");

-- CreateIndex
CREATE INDEX "idx_budget_notifications_raised_at" ON "budget_notifications"("raised_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "uq_budget_notifications_once" ON "budget_notifications"("budget_id", "period_start", "threshold");

-- AddForeignKey
ALTER TABLE "budgets" ADD CONSTRAINT "budgets_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "budgets" ADD CONSTRAINT "budgets_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "clients"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "budget_notifications" ADD CONSTRAINT "budget_notifications_budget_id_fkey" FOREIGN KEY ("budget_id") REFERENCES "budgets"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- Hand-written: a budget is a project's or a client's, never both, and limits something.
ALTER TABLE "budgets" ADD CONSTRAINT "budgets_owner_check" CHECK (("project_id" IS NULL) <> ("client_id" IS NULL));
ALTER TABLE "budgets" ADD CONSTRAINT "budgets_limit_check" CHECK (("hours" IS NOT NULL OR "amount" IS NOT NULL) AND ("hours" IS NULL OR "hours" > 0) AND ("amount" IS NULL OR "amount" > 0));
ALTER TABLE "budgets" ADD CONSTRAINT "budgets_period_check" CHECK ("period" IN ('lifetime', 'monthly'));
ALTER TABLE "budget_notifications" ADD CONSTRAINT "budget_notifications_threshold_check" CHECK ("threshold" BETWEEN 1 AND 1000);
-- Hand-written: thresholds are percents from 1 to 1000 (the API also wants them ascending).
ALTER TABLE "settings" ADD CONSTRAINT "settings_budget_thresholds_check" CHECK ("budget_thresholds" IS NULL OR (cardinality("budget_thresholds") <= 10 AND 1 <= ALL ("budget_thresholds") AND 1000 >= ALL ("budget_thresholds")));
