-- DropTable
DROP TABLE "audit_events";

-- Hand-written: the append-only triggers' function (prisma/sql/008) goes with its table.
DROP FUNCTION IF EXISTS audit_events_refuse_change();
