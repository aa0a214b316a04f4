-- CreateTable
CREATE TABLE "rates" (
    "id" SERIAL NOT NULL,
    "kind" VARCHAR(10) NOT NULL,
    "client_id" INTEGER,
    "project_id" INTEGER,
    "user_id" INTEGER,
    "effective_from" DATE NOT NULL,
    "amount" DECIMAL(9,2) NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "rates_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "uq_rates_member" ON "rates"("kind", "project_id", "user_id", "effective_from") WHERE (project_id IS NOT NULL AND user_id IS NOT NULL);

-- CreateIndex
CREATE UNIQUE INDEX "uq_rates_project" ON "rates"("kind", "project_id", "effective_from") WHERE (project_id IS NOT NULL AND user_id IS NULL);

-- CreateIndex
CREATE UNIQUE INDEX "uq_rates_user" ON "rates"("kind", "user_id", "effective_from") WHERE (user_id IS NOT NULL AND project_id IS NULL);

-- CreateIndex
CREATE UNIQUE INDEX "uq_rates_client" ON "rates"("kind", "client_id", "effective_from") WHERE (client_id IS NOT NULL);

-- AddForeignKey
ALTER TABLE "rates" ADD CONSTRAINT "rates_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "clients"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "rates" ADD CONSTRAINT "rates_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "rates" ADD CONSTRAINT "rates_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- Hand-written: the two kinds, the four levels and positive amounts.
ALTER TABLE "rates" ADD CONSTRAINT "rates_kind_check" CHECK ("kind" IN ('billable', 'cost'));
ALTER TABLE "rates" ADD CONSTRAINT "rates_level_check" CHECK (
  ("client_id" IS NOT NULL AND "project_id" IS NULL AND "user_id" IS NULL)
  OR ("client_id" IS NULL AND ("project_id" IS NOT NULL OR "user_id" IS NOT NULL)));
ALTER TABLE "rates" ADD CONSTRAINT "rates_amount_check" CHECK ("amount" >= 0);

-- Hand-written: the single rates become billable rates in force since 1970-01-01 (the earliest instant an entry may have)
INSERT INTO "rates" ("kind", "project_id", "effective_from", "amount")
SELECT 'billable', "id", DATE '1970-01-01', "hourly_rate" FROM "projects" WHERE "hourly_rate" IS NOT NULL;
INSERT INTO "rates" ("kind", "client_id", "effective_from", "amount")
SELECT 'billable', "id", DATE '1970-01-01', "default_hourly_rate" FROM "clients" WHERE "default_hourly_rate" IS NOT NULL;

-- AlterTable
ALTER TABLE "clients" DROP COLUMN "default_hourly_rate",
ADD COLUMN     "rounding_minutes" INTEGER,
ADD COLUMN     "rounding_mode" VARCHAR(10);

-- AlterTable
ALTER TABLE "projects" DROP COLUMN "hourly_rate",
ADD COLUMN     "rounding_minutes" INTEGER,
ADD COLUMN     "rounding_mode" VARCHAR(10);

-- Hand-written: rounding overrides take the values settings allow, both or neither.
ALTER TABLE "clients" ADD CONSTRAINT "clients_rounding_check" CHECK (
  ("rounding_minutes" IS NULL AND "rounding_mode" IS NULL)
  OR ("rounding_minutes" BETWEEN 1 AND 1440 AND "rounding_mode" IN ('nearest', 'up', 'down')));
ALTER TABLE "projects" ADD CONSTRAINT "projects_rounding_check" CHECK (
  ("rounding_minutes" IS NULL AND "rounding_mode" IS NULL)
  OR ("rounding_minutes" BETWEEN 1 AND 1440 AND "rounding_mode" IN ('nearest', 'up', 'down')));

