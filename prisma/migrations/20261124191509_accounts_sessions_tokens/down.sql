-- Hand-written: undo the rounding mode check first.
ALTER TABLE "settings" DROP CONSTRAINT IF EXISTS "settings_rounding_mode_check";

-- DropForeignKey
ALTER TABLE "sessions" DROP CONSTRAINT "sessions_user_id_fkey";

-- DropForeignKey
ALTER TABLE "api_tokens" DROP CONSTRAINT "api_tokens_user_id_fkey";

-- AlterTable
ALTER TABLE "users" DROP COLUMN "last_activity_at";

-- AlterTable
ALTER TABLE "settings" DROP COLUMN "rounding_mode";

-- DropTable
DROP TABLE "sessions";

-- DropTable
DROP TABLE "api_tokens";

-- DropTable
DROP TABLE "rate_limits";
