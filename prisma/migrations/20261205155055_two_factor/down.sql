-- DropForeignKey
ALTER TABLE "user_totp" DROP CONSTRAINT "user_totp_user_id_fkey";

-- DropForeignKey
ALTER TABLE "recovery_codes" DROP CONSTRAINT "recovery_codes_user_id_fkey";

-- DropForeignKey
ALTER TABLE "remembered_devices" DROP CONSTRAINT "remembered_devices_user_id_fkey";

-- DropForeignKey
ALTER TABLE "sign_in_challenges" DROP CONSTRAINT "sign_in_challenges_user_id_fkey";

-- AlterTable
ALTER TABLE "settings" DROP COLUMN "require_two_factor";

-- DropTable
DROP TABLE "user_totp";

-- DropTable
DROP TABLE "recovery_codes";

-- DropTable
DROP TABLE "remembered_devices";

-- DropTable
DROP TABLE "sign_in_challenges";
