-- DropTable
DROP TABLE "entry_rollup_tag_totals";
