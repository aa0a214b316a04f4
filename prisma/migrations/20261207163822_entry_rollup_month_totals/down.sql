-- DropTable
DROP TABLE "entry_rollup_month_totals";
