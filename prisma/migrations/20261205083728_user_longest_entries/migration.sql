-- CreateTable
CREATE TABLE "user_longest_entries" (
    "user_id" INTEGER NOT NULL,
    "longest_seconds" BIGINT NOT NULL,

    CONSTRAINT "user_longest_entries_pkey" PRIMARY KEY ("user_id")
);

-- AddForeignKey
ALTER TABLE "user_longest_entries" ADD CONSTRAINT "user_longest_entries_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- Hand-written: the bound of every user whose longest finished entry lasted more than a day
-- (an upgraded or adopted database). prisma/sql/007_user_longest_entries.sql keeps it from here on.
INSERT INTO "user_longest_entries" ("user_id", "longest_seconds")
SELECT "user_id", max(ceil(extract(epoch FROM "end_time" - "start_time")))::bigint
  FROM "time_entries"
 WHERE "end_time" IS NOT NULL AND "user_id" IS NOT NULL
   AND extract(epoch FROM "end_time" - "start_time") > 86400
 GROUP BY "user_id";
