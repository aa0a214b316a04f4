-- AlterTable
ALTER TABLE "sessions" ADD COLUMN     "id_token" TEXT,
ADD COLUMN     "method" VARCHAR(10) NOT NULL DEFAULT 'password';

-- CreateTable
CREATE TABLE "sso_config" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "issuer" VARCHAR(500) NOT NULL DEFAULT '',
    "client_id" VARCHAR(255) NOT NULL DEFAULT '',
    "client_secret" VARCHAR(1000) NOT NULL DEFAULT '',
    "scopes" VARCHAR(500) NOT NULL DEFAULT 'openid profile email',
    "auto_create" BOOLEAN NOT NULL DEFAULT false,
    "link_by" VARCHAR(10) NOT NULL DEFAULT 'email',
    "groups_claim" VARCHAR(100) NOT NULL DEFAULT '',
    "role_mapping" JSONB NOT NULL DEFAULT '[]',
    "sso_only" BOOLEAN NOT NULL DEFAULT false,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sso_config_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user_identities" (
    "id" SERIAL NOT NULL,
    "user_id" INTEGER NOT NULL,
    "issuer" VARCHAR(500) NOT NULL,
    "subject" VARCHAR(255) NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_sign_in_at" TIMESTAMPTZ(6),

    CONSTRAINT "user_identities_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sso_sign_ins" (
    "id" VARCHAR(64) NOT NULL,
    "state" VARCHAR(64) NOT NULL,
    "nonce" VARCHAR(64) NOT NULL,
    "code_verifier" VARCHAR(128) NOT NULL,
    "expires_at" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "sso_sign_ins_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "idx_user_identities_user_id" ON "user_identities"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "uq_user_identities_issuer_subject" ON "user_identities"("issuer", "subject");

-- CreateIndex
CREATE INDEX "idx_sso_sign_ins_expires_at" ON "sso_sign_ins"("expires_at");

-- AddForeignKey
ALTER TABLE "user_identities" ADD CONSTRAINT "user_identities_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- Hand-written: what Prisma's schema language cannot say.
ALTER TABLE "sso_config" ADD CONSTRAINT "sso_config_single_row_check" CHECK ("id" = 1);
ALTER TABLE "sso_config" ADD CONSTRAINT "sso_config_link_by_check" CHECK ("link_by" IN ('none', 'email', 'username'));
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_method_check" CHECK ("method" IN ('password', 'sso'));
