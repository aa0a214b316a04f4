-- Hand-written: the checks go with their tables, dropped below.

-- DropForeignKey
ALTER TABLE "settings" DROP CONSTRAINT "settings_company_logo_file_id_fkey";

-- AlterTable
ALTER TABLE "settings" DROP COLUMN "company_logo_file_id";

-- DropTable
DROP TABLE "uploaded_files";

-- DropTable
DROP TABLE "usage_counts";
