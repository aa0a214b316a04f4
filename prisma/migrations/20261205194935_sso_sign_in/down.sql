-- Hand-written: undoes 20261205194935_sso_sign_in (SSO sessions become plain sessions; the
-- provider links and the dashboard's SSO settings are lost).
DROP TABLE IF EXISTS "sso_sign_ins";
DROP TABLE IF EXISTS "user_identities";
DROP TABLE IF EXISTS "sso_config";
ALTER TABLE "sessions" DROP CONSTRAINT IF EXISTS "sessions_method_check";
ALTER TABLE "sessions" DROP COLUMN IF EXISTS "id_token";
ALTER TABLE "sessions" DROP COLUMN IF EXISTS "method";
