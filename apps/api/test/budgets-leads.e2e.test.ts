import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportWorld, type ReportWorld, type Session } from './report-fixtures';
import { createUser, signIn } from './support';

// Budget notifications reach the leads of the budget's teams (docs/budgets.md): a lead of a team
// linked to the project (for a client's budget, to one of its projects) receives them, a lead of
// another team does not; each recipient marks their own read.

let w: ReportWorld;
let lead: Session;
let otherLead: Session;
const post = (who: Session, url: string, body: object = {}) =>
  who.agent.post(url).set('X-CSRF-Token', who.csrf).send(body);
const patch = (who: Session, url: string, body: object) =>
  who.agent.patch(url).set('X-CSRF-Token', who.csrf).send(body);

const manager = async (username: string) => {
  const creds = { username, password: 'amber-harbor-31' };
  const made = await createUser(w.admin, { ...creds, role: 'manager' });
  return { id: made.id, session: await signIn(w.app, creds) };
};

const names = async (who: Session) =>
  (await who.agent.get('/api/v1/budgets/notifications').expect(200)).body as {
    items: { id: number; name: string; threshold: number; readAt: string | null }[];
    unread: number;
    total: number;
  };

beforeAll(async () => {
  w = await reportWorld();
  const ann = await manager('annlead');
  const otto = await manager('ottolead');
  lead = ann.session;
  otherLead = otto.session;
  const team = async (name: string, leadId: number, memberId: number) =>
    (
      await post(w.admin, '/api/v1/teams', {
        name,
        members: [{ userId: leadId, isLead: true }, { userId: memberId }],
      }).expect(201)
    ).body.id as number;
  const web = await team('Web team', ann.id, w.alice.user.id);
  const ops = await team('Ops team', otto.id, w.bob.user.id);
  // Web (client Acme) is the web team's project, Internal (client Inhouse) the ops team's.
  await patch(w.admin, `/api/v1/projects/${w.projects.web}`, { teamIds: [web] }).expect(200);
  await patch(w.admin, `/api/v1/projects/${w.projects.internal}`, { teamIds: [ops] }).expect(200);
  await w.sql(`UPDATE settings SET timezone = 'UTC', budget_thresholds = '{50,100}'`);
});
afterAll(async () => {
  await w?.close();
});

describe('budget notifications for team leads', () => {
  it("reach the lead of the project's team and its client's, not another team's lead", async () => {
    await post(w.admin, '/api/v1/budgets', { projectId: w.projects.web, hours: '10' }).expect(201);
    // Support has no team, but its client Acme has Web: Acme's budget is the web team's too.
    await post(w.admin, '/api/v1/budgets', { clientId: w.clients.acme, hours: '100' }).expect(201);
    await w.entry(w.alice, w.projects.web, '2026-03-02T08:00:00Z', 6 * 3600);
    await w.entry(w.bob, w.projects.support, '2026-03-03T08:00:00Z', 45 * 3600);

    const mine = await names(lead);
    expect(mine.items.map((n) => `${n.name}:${n.threshold}`).sort()).toEqual(['Acme:50', 'Web:50']);
    expect(mine.unread).toBe(2);
    const theirs = await names(otherLead);
    expect(theirs.items.filter((n) => n.name === 'Web' || n.name === 'Acme')).toEqual([]);
    // Admins receive every one; a plain user none.
    const adminSees = (await names(w.admin)).items.map((n) => n.name);
    expect(adminSees).toEqual(expect.arrayContaining(['Acme', 'Web']));
    await w.alice.agent.get('/api/v1/budgets/notifications').expect(403);

    // Another team's lead can neither mark it read nor learn it exists.
    const web = mine.items.find((n) => n.name === 'Web')!;
    await post(otherLead, '/api/v1/budgets/notifications/read', { id: web.id }).expect(404);
    await post(otherLead, '/api/v1/budgets/notifications/read', {}).expect(200);
    expect((await names(lead)).unread).toBe(2);

    // The lead's "read" is theirs alone: the admins' bell still counts it.
    const adminUnread = (await names(w.admin)).unread;
    expect((await post(lead, '/api/v1/budgets/notifications/read', { id: web.id }).expect(200)).body).toEqual(
      {
        marked: 1,
      },
    );
    const after = await names(lead);
    expect(after.unread).toBe(1);
    expect(after.items.find((n) => n.id === web.id)?.readAt).not.toBeNull();
    expect((await names(w.admin)).unread).toBe(adminUnread);
  });

  it("reach the other team's lead for their own project's budget", async () => {
    await post(w.admin, '/api/v1/budgets', { projectId: w.projects.internal, hours: '2' }).expect(201);
    await w.entry(w.bob, w.projects.internal, '2026-03-04T08:00:00Z', 2 * 3600);
    const theirs = await names(otherLead);
    expect(theirs.items.map((n) => `${n.name}:${n.threshold}`).sort()).toEqual([
      'Internal:100',
      'Internal:50',
    ]);
    expect((await names(lead)).items.some((n) => n.name === 'Internal')).toBe(false);
  });
});
