-- Hand-written order: the tables go with their CHECK constraints and foreign keys.
-- DropForeignKey
ALTER TABLE "imports" DROP CONSTRAINT "imports_created_by_fkey";

-- DropForeignKey
ALTER TABLE "import_rows" DROP CONSTRAINT "import_rows_import_id_fkey";

-- DropForeignKey
ALTER TABLE "import_entries" DROP CONSTRAINT "import_entries_entry_id_fkey";

-- DropForeignKey
ALTER TABLE "import_entries" DROP CONSTRAINT "import_entries_import_id_fkey";

-- DropTable
DROP TABLE "imports";

-- DropTable
DROP TABLE "import_rows";

-- DropTable
DROP TABLE "import_entries";
