-- CreateTable
CREATE TABLE "entry_rollup_hour_totals" (
    "month" DATE NOT NULL,
    "hour" SMALLINT NOT NULL,
    "billable" BOOLEAN NOT NULL,
    "entries" INTEGER NOT NULL,
    "seconds" BIGINT NOT NULL,
    "break_seconds" BIGINT NOT NULL,
    "priced" DECIMAL(24,2) NOT NULL,
    "costed" DECIMAL(24,2) NOT NULL,

    CONSTRAINT "entry_rollup_hour_totals_pkey" PRIMARY KEY ("month","hour","billable")
);
