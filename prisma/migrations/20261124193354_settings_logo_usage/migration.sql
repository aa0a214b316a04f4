-- AlterTable
ALTER TABLE "settings" ADD COLUMN     "company_logo_file_id" INTEGER;

-- CreateTable
CREATE TABLE "uploaded_files" (
    "id" SERIAL NOT NULL,
    "kind" VARCHAR(30) NOT NULL,
    "content_type" VARCHAR(100) NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" VARCHAR(64) NOT NULL,
    "data" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "uploaded_files_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "usage_counts" (
    "day" DATE NOT NULL,
    "route_group" VARCHAR(50) NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "usage_counts_pkey" PRIMARY KEY ("day","route_group")
);

-- CreateIndex
CREATE INDEX "idx_uploaded_files_kind" ON "uploaded_files"("kind");

-- AddForeignKey
ALTER TABLE "settings" ADD CONSTRAINT "settings_company_logo_file_id_fkey" FOREIGN KEY ("company_logo_file_id") REFERENCES "uploaded_files"("id") ON DELETE SET NULL ON UPDATE NO ACTION;

-- Hand-written: the stored size is the size of the stored bytes, and counts never go negative.
ALTER TABLE "uploaded_files" ADD CONSTRAINT "uploaded_files_size_check" CHECK ("size" = octet_length("data"));
ALTER TABLE "usage_counts" ADD CONSTRAINT "usage_counts_count_check" CHECK ("count" >= 0);
