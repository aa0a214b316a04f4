-- AlterTable
ALTER TABLE "settings" ADD COLUMN     "tag_creation" VARCHAR(10) NOT NULL DEFAULT 'everyone';

-- CreateTable
CREATE TABLE "tags" (
    "id" SERIAL NOT NULL,
    "name" VARCHAR(500) NOT NULL,
    "colour" VARCHAR(7),
    "archived" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tags_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "time_entry_tags" (
    "time_entry_id" INTEGER NOT NULL,
    "tag_id" INTEGER NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "time_entry_tags_pkey" PRIMARY KEY ("time_entry_id","tag_id")
);

-- CreateTable
CREATE TABLE "favourite_tags" (
    "favourite_id" INTEGER NOT NULL,
    "tag_id" INTEGER NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "favourite_tags_pkey" PRIMARY KEY ("favourite_id","tag_id")
);

-- CreateIndex
CREATE INDEX "idx_time_entry_tags_tag_id" ON "time_entry_tags"("tag_id");

-- CreateIndex
CREATE INDEX "idx_favourite_tags_tag_id" ON "favourite_tags"("tag_id");

-- AddForeignKey
ALTER TABLE "time_entry_tags" ADD CONSTRAINT "time_entry_tags_time_entry_id_fkey" FOREIGN KEY ("time_entry_id") REFERENCES "time_entries"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "time_entry_tags" ADD CONSTRAINT "time_entry_tags_tag_id_fkey" FOREIGN KEY ("tag_id") REFERENCES "tags"("id") ON DELETE RESTRICT ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "favourite_tags" ADD CONSTRAINT "favourite_tags_favourite_id_fkey" FOREIGN KEY ("favourite_id") REFERENCES "favourites"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "favourite_tags" ADD CONSTRAINT "favourite_tags_tag_id_fkey" FOREIGN KEY ("tag_id") REFERENCES "tags"("id") ON DELETE RESTRICT ON UPDATE NO ACTION;

-- Hand-written data move: the comma-separated tags of entries and favourites become tags and
-- links. Each piece is trimmed of white space and empty pieces are skipped. Pieces equal
-- ignoring case are one tag, spelled as it first appears (entries by id, then favourites by
-- id, then by place in the value). A piece keeps all its characters (tags.name is as wide as
-- the old column). Links keep the order of the pieces (position from 0) so that down.sql
-- writes the same values back. tag_pieces is a scratch table dropped below.
CREATE TABLE tag_pieces AS
SELECT x.kind, x.owner, x.ord, regexp_replace(x.piece, '^[[:space:]]+|[[:space:]]+$', '', 'g') AS name
  FROM (SELECT 0 AS kind, te.id AS owner, p.ord, p.piece
          FROM time_entries te, unnest(string_to_array(te.tags, ',')) WITH ORDINALITY AS p(piece, ord)
         WHERE te.tags IS NOT NULL
        UNION ALL
        SELECT 1, f.id, p.ord, p.piece
          FROM favourites f, unnest(string_to_array(f.tags, ',')) WITH ORDINALITY AS p(piece, ord)
         WHERE f.tags IS NOT NULL) x;

DELETE FROM tag_pieces WHERE name = '';

INSERT INTO "tags" ("name")
SELECT DISTINCT ON (lower(name)) name FROM tag_pieces ORDER BY lower(name), kind, owner, ord;

INSERT INTO "time_entry_tags" ("time_entry_id", "tag_id", "position")
SELECT p.owner, t.id, (row_number() OVER (PARTITION BY p.owner ORDER BY min(p.ord)) - 1)::int
  FROM tag_pieces p JOIN "tags" t ON lower(t.name) = lower(p.name)
 WHERE p.kind = 0
 GROUP BY p.owner, t.id;

INSERT INTO "favourite_tags" ("favourite_id", "tag_id", "position")
SELECT p.owner, t.id, (row_number() OVER (PARTITION BY p.owner ORDER BY min(p.ord)) - 1)::int
  FROM tag_pieces p JOIN "tags" t ON lower(t.name) = lower(p.name)
 WHERE p.kind = 1
 GROUP BY p.owner, t.id;

DROP TABLE tag_pieces;

-- Hand-written: the links are now the only copy (retired columns, see docs/tags.md).
ALTER TABLE "time_entries" DROP COLUMN "tags";

ALTER TABLE "favourites" DROP COLUMN "tags";

-- Hand-written: allowed values (as settings_overlap_policy_check).
ALTER TABLE "settings" ADD CONSTRAINT "settings_tag_creation_check" CHECK ("tag_creation" IN ('everyone', 'admins'));

ALTER TABLE "tags" ADD CONSTRAINT "tags_colour_check" CHECK ("colour" ~ '^#[0-9a-f]{6}$');

ALTER TABLE "tags" ADD CONSTRAINT "tags_name_check" CHECK ("name" <> '' AND position(',' in "name") = 0);
