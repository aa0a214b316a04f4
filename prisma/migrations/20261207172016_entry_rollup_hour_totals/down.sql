-- DropTable
DROP TABLE "entry_rollup_hour_totals";
