-- CreateTable
CREATE TABLE "entry_rollup_tag_totals" (
    "id" BIGSERIAL NOT NULL,
    "month" DATE NOT NULL,
    "tag_id" INTEGER,
    "billable" BOOLEAN NOT NULL,
    "entries" INTEGER NOT NULL,
    "seconds" BIGINT NOT NULL,
    "break_seconds" BIGINT NOT NULL,
    "priced" DECIMAL(24,2) NOT NULL,
    "costed" DECIMAL(24,2) NOT NULL,

    CONSTRAINT "entry_rollup_tag_totals_pkey" PRIMARY KEY ("id")
);
