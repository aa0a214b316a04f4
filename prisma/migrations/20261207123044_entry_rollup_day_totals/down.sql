-- DropTable
DROP TABLE "entry_rollup_day_totals";
