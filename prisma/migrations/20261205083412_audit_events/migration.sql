-- CreateTable
CREATE TABLE "audit_events" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_id" INTEGER,
    "actor_username" VARCHAR(80),
    "via" VARCHAR(10) NOT NULL,
    "entity" VARCHAR(20) NOT NULL,
    "entity_id" INTEGER,
    "action" VARCHAR(40) NOT NULL,
    "before" JSONB,
    "after" JSONB,

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "idx_audit_events_entity" ON "audit_events"("entity", "entity_id", "at");

-- CreateIndex
CREATE INDEX "idx_audit_events_at" ON "audit_events"("at");

-- CreateIndex
CREATE INDEX "idx_audit_events_actor" ON "audit_events"("actor_id", "at");

-- Hand-written: the kinds of records audited and how the actor signed in (see AuditLog in
-- packages/core). prisma/sql/008 makes the table append-only.
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_entity_check"
    CHECK ("entity" IN ('time_entry', 'rate', 'budget', 'approval', 'user', 'lock'));
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_via_check"
    CHECK ("via" IN ('session', 'token', 'system'));
