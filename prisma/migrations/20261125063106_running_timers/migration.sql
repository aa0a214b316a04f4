-- CreateTable
CREATE TABLE "running_timers" (
    "entry_id" INTEGER NOT NULL,
    "user_id" INTEGER,

    CONSTRAINT "running_timers_pkey" PRIMARY KEY ("entry_id")
);

-- CreateIndex
CREATE INDEX "idx_running_timers_user_id" ON "running_timers"("user_id");

-- AddForeignKey
ALTER TABLE "running_timers" ADD CONSTRAINT "running_timers_entry_id_fkey" FOREIGN KEY ("entry_id") REFERENCES "time_entries"("id") ON DELETE CASCADE ON UPDATE NO ACTION;
