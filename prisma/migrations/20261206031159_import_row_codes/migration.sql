-- AlterTable
ALTER TABLE "import_rows" ADD COLUMN     "code" VARCHAR(30),
ADD COLUMN     "params" JSONB;
