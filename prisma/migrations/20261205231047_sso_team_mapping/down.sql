-- Hand-written: undoes 20261205231047_sso_team_mapping (SSO-granted team memberships become
-- ordinary ones that SSO no longer removes; the group → team mapping is lost).
ALTER TABLE "sso_config" DROP COLUMN IF EXISTS "team_mapping";
ALTER TABLE "team_members" DROP COLUMN IF EXISTS "via_sso";
