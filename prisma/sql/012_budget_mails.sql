-- Budget threshold mails (issue #20 §5, docs/email.md "Budget thresholds"): each notification
-- 009_budgets.sql raises (once per budget, period and threshold: its unique key) queues a mail to
-- each recipient of the dashboard's bell, in the same transaction as the time write that crossed
-- it: every active admin, and the leads of the teams linked to the budget's project (a client's
-- budget: to any of its projects), when they have an address. dedupe_key budget:<notification>:<user>
-- keeps it once per recipient even if a notification row were inserted twice.
--
-- plpgsql: its body is not checked against tables at CREATE (an older schema, a restore, still
-- loads this file).
CREATE OR REPLACE FUNCTION budget_notification_mails()
RETURNS trigger AS $$
BEGIN
    INSERT INTO email_outbox (kind, user_id, to_address, language, payload, dedupe_key)
    SELECT 'budget_threshold', u.id, u.email, COALESCE(u.language, 'en'),
           jsonb_build_object(
             'username', u.username,
             'budget', COALESCE(p.name, c.name, ''),
             'threshold', NEW.threshold,
             'period', CASE WHEN b.period = 'monthly' THEN to_char(NEW.period_start, 'YYYY-MM') ELSE '' END,
             'path', '/budgets'),
           'budget:' || NEW.id || ':' || u.id
      FROM budgets b
      LEFT JOIN projects p ON p.id = b.project_id
      LEFT JOIN clients c ON c.id = b.client_id
      JOIN users u ON u.is_active AND u.email IS NOT NULL
       AND (u.role = 'admin' OR EXISTS (
             SELECT 1
               FROM team_members tm
               JOIN project_teams pt ON pt.team_id = tm.team_id
               JOIN projects lp ON lp.id = pt.project_id
              WHERE tm.user_id = u.id AND tm.is_lead
                AND (lp.id = b.project_id OR lp.client_id = b.client_id)))
     WHERE b.id = NEW.budget_id
    ON CONFLICT (dedupe_key) DO NOTHING;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

DO $$
BEGIN
    IF to_regclass(format('%I.budget_notifications', current_schema())) IS NULL THEN
        RETURN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'budget_notifications_mail'
                      AND tgrelid = format('%I.budget_notifications', current_schema())::regclass) THEN
        CREATE TRIGGER budget_notifications_mail AFTER INSERT ON budget_notifications
            FOR EACH ROW EXECUTE FUNCTION budget_notification_mails();
    END IF;
END;
$$;
