-- AlterTable
ALTER TABLE "settings" ADD COLUMN     "overlap_policy" VARCHAR(10) NOT NULL DEFAULT 'warn';

-- CreateTable
CREATE TABLE "favourites" (
    "id" SERIAL NOT NULL,
    "user_id" INTEGER NOT NULL,
    "project_id" INTEGER NOT NULL,
    "task_id" INTEGER,
    "notes" TEXT,
    "tags" VARCHAR(500),
    "billable" BOOLEAN,
    "position" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "favourites_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "idx_favourites_user_position" ON "favourites"("user_id", "position");

-- CreateIndex
CREATE INDEX "idx_favourites_project_id" ON "favourites"("project_id");

-- CreateIndex
CREATE INDEX "idx_favourites_task_id" ON "favourites"("task_id") WHERE (task_id IS NOT NULL);

-- AddForeignKey
ALTER TABLE "favourites" ADD CONSTRAINT "favourites_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "favourites" ADD CONSTRAINT "favourites_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "favourites" ADD CONSTRAINT "favourites_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- Hand-written: the policy's values (as settings_rounding_mode_check).
ALTER TABLE "settings" ADD CONSTRAINT "settings_overlap_policy_check" CHECK ("overlap_policy" IN ('allow', 'warn', 'refuse'));
