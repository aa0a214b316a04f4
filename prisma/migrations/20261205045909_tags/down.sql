-- Hand-written: the CHECKs of the up script.
ALTER TABLE "settings" DROP CONSTRAINT IF EXISTS "settings_tag_creation_check";

-- DropForeignKey
ALTER TABLE "time_entry_tags" DROP CONSTRAINT "time_entry_tags_time_entry_id_fkey";

-- DropForeignKey
ALTER TABLE "time_entry_tags" DROP CONSTRAINT "time_entry_tags_tag_id_fkey";

-- DropForeignKey
ALTER TABLE "favourite_tags" DROP CONSTRAINT "favourite_tags_favourite_id_fkey";

-- DropForeignKey
ALTER TABLE "favourite_tags" DROP CONSTRAINT "favourite_tags_tag_id_fkey";

-- AlterTable
ALTER TABLE "time_entries" ADD COLUMN     "tags" VARCHAR(500);

-- AlterTable
ALTER TABLE "favourites" ADD COLUMN     "tags" VARCHAR(500);

-- Hand-written data move back: each entry and favourite gets its tags joined by commas in
-- their order. A value longer than the old 500 characters (many long tags) fails the rollback
-- with value too long rather than being cut. updated_at is left as it was (user triggers off
-- for this one update).
ALTER TABLE "time_entries" DISABLE TRIGGER USER;

UPDATE "time_entries" te SET "tags" = x.tags
  FROM (SELECT l.time_entry_id, string_agg(t.name, ',' ORDER BY l.position, t.id) AS tags
          FROM "time_entry_tags" l JOIN "tags" t ON t.id = l.tag_id
         GROUP BY l.time_entry_id) x
 WHERE x.time_entry_id = te.id;

ALTER TABLE "time_entries" ENABLE TRIGGER USER;

UPDATE "favourites" f SET "tags" = x.tags
  FROM (SELECT l.favourite_id, string_agg(t.name, ',' ORDER BY l.position, t.id) AS tags
          FROM "favourite_tags" l JOIN "tags" t ON t.id = l.tag_id
         GROUP BY l.favourite_id) x
 WHERE x.favourite_id = f.id;

-- AlterTable
ALTER TABLE "settings" DROP COLUMN "tag_creation";

-- DropTable
DROP TABLE "tags";

-- DropTable
DROP TABLE "time_entry_tags";

-- DropTable
DROP TABLE "favourite_tags";
