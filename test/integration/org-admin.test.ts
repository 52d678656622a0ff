import { Audit } from '../../model';
import { TestStack } from '../support/test-stack';

/**
 * The org, user and audit APIs on the real stack: who may change what, the tree's integrity
 * (no cycles, no orphaned users or sources), accounts that can be disabled at once, and the audit trail.
 */
describe('org units, users and the audit trail', () => {
  let stack: TestStack;
  let admin: string;
  let operator: string;

  beforeAll(async () => {
    stack = await TestStack.start('org_admin');
    admin = await stack.login('admin');
    operator = await stack.login('operator.tanphu');
  });
  afterAll(async () => {
    await stack?.close();
  });

  describe('units', () => {
    it('lists the units flat with parents, or as a tree', async () => {
      const flat = await stack.request('GET', '/api/units', { token: operator });
      expect(flat.status).toBe(200);
      expect(flat.body.items).toContainEqual({ id: 'tan-phu', name: 'Phường Tân Phú', kind: 'ward', parent: 'dong-xoai' });
      const tree = await stack.request('GET', '/api/units?shape=tree', { token: admin });
      expect(tree.body.items).toHaveLength(1);
      expect(tree.body.items[0]).toMatchObject({ id: 'dong-xoai', parent: null });
      expect(tree.body.items[0].children.map((c: { id: string }) => c.id)).toContain('tan-phu');
    });

    it('refuses changes from an operator (403)', async () => {
      expect((await stack.request('POST', '/api/units', { token: operator, body: { id: 'x-team', name: 'X', kind: 'team', parent: 'tan-phu' } })).status).toBe(403);
      expect((await stack.request('PUT', '/api/units/tan-phu', { token: operator, body: { name: 'X' } })).status).toBe(403);
      expect((await stack.request('DELETE', '/api/units/tan-thanh', { token: operator })).status).toBe(403);
    });

    it('creates a team under a ward, and the new unit is in scope at once', async () => {
      const res = await stack.request('POST', '/api/units', {
        token: admin,
        body: { id: 'tan-phu-flood-team', name: 'Tổ phản ứng ngập Tân Phú', kind: 'team', parent: 'tan-phu' },
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ id: 'tan-phu-flood-team', name: 'Tổ phản ứng ngập Tân Phú', kind: 'team', parent: 'tan-phu' });
      // A source in the new team is visible to the ward's operator straight away (the scope cache was invalidated).
      const source = await stack.request('POST', '/api/sources', {
        token: admin,
        body: { id: 'flood-sensor/team-gauge', type: 'flood-sensor', name: 'Trạm của tổ', unit: 'tan-phu-flood-team', location: { lat: 11.54, lon: 106.88 } },
      });
      expect(source.status).toBe(201);
      const seen = await stack.request('GET', '/api/sources', { token: operator });
      expect(seen.body.items.map((s: { id: string }) => s.id)).toContain('flood-sensor/team-gauge');
    });

    it('answers 400 naming the field, 409 for a duplicate and 422 for an unknown parent', async () => {
      const bad = await stack.request('POST', '/api/units', { token: admin, body: { id: 'Bad Id', name: '', kind: 'team' } });
      expect(bad.status).toBe(400);
      expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['id', 'name']);
      expect((await stack.request('POST', '/api/units', { token: admin, body: { id: 'tan-phu', name: 'Dup', kind: 'ward', parent: 'dong-xoai' } })).status).toBe(409);
      const orphan = await stack.request('POST', '/api/units', { token: admin, body: { id: 'lost-team', name: 'Lost', kind: 'team', parent: 'nowhere' } });
      expect(orphan.status).toBe(422);
      expect(orphan.body.details).toEqual([{ field: 'parent', message: "unknown org unit 'nowhere'" }]);
    });

    it('renames and moves a unit, and refuses a cycle with 422', async () => {
      const renamed = await stack.request('PUT', '/api/units/tan-phu-flood-team', { token: admin, body: { name: 'Tổ ứng cứu ngập' } });
      expect(renamed.body).toMatchObject({ name: 'Tổ ứng cứu ngập', parent: 'tan-phu' });
      const moved = await stack.request('PUT', '/api/units/tan-phu-flood-team', { token: admin, body: { parent: 'tan-dong' } });
      expect(moved.status).toBe(200);
      expect(moved.body.parent).toBe('tan-dong');
      // The ward's operator no longer sees the team's source; moving back restores it.
      const after = await stack.request('GET', '/api/sources', { token: operator });
      expect(after.body.items.map((s: { id: string }) => s.id)).not.toContain('flood-sensor/team-gauge');

      const intoOwnChild = await stack.request('PUT', '/api/units/tan-dong', { token: admin, body: { parent: 'tan-phu-flood-team' } });
      expect(intoOwnChild.status).toBe(422);
      expect(intoOwnChild.body.details[0].field).toBe('parent');
      expect((await stack.request('PUT', '/api/units/dong-xoai', { token: admin, body: { parent: 'dong-xoai' } })).status).toBe(422);
      expect((await stack.request('PUT', '/api/units/dong-xoai', { token: admin, body: { parent: 'tan-phu-flood-team' } })).status).toBe(422);
      expect((await stack.request('PUT', '/api/units/tan-phu-flood-team', { token: admin, body: { parent: 'tan-phu' } })).status).toBe(200);
    });

    it('refuses to delete a unit with children, users or sources (409 naming them), and deletes an empty one', async () => {
      const city = await stack.request('DELETE', '/api/units/dong-xoai', { token: admin });
      expect(city.status).toBe(409);
      expect(city.body.details.map((d: { field: string }) => d.field)).toEqual(['children', 'users']);
      const ward = await stack.request('DELETE', '/api/units/tan-phu', { token: admin });
      expect(ward.status).toBe(409);
      expect(ward.body.details.map((d: { field: string }) => d.field)).toEqual(['children', 'users', 'sources']);
      expect(ward.body.details[0].message).toContain('tan-phu-flood-team');
      expect(ward.body.details[1].message).toContain('operator.tanphu');
      const team = await stack.request('DELETE', '/api/units/tan-phu-flood-team', { token: admin });
      expect(team.status).toBe(409);
      expect(team.body.error).toContain('source');

      expect((await stack.request('POST', '/api/units', { token: admin, body: { id: 'empty-team', name: 'Tổ trống', kind: 'team', parent: 'tan-xuan' } })).status).toBe(201);
      expect((await stack.request('DELETE', '/api/units/empty-team', { token: admin })).status).toBe(204);
      expect((await stack.request('DELETE', '/api/units/empty-team', { token: admin })).status).toBe(404);
    });
  });

  describe('users', () => {
    const newUser = {
      username: 'operator.team',
      displayName: 'Cán bộ tổ ngập',
      roles: ['operator'],
      unit: 'tan-phu-flood-team',
      email: 'team@dongxoai.example',
      password: 'long-enough-1',
    };

    it('is admin-only (operator gets 403)', async () => {
      expect((await stack.request('GET', '/api/users', { token: operator })).status).toBe(403);
      expect((await stack.request('POST', '/api/users', { token: operator, body: newUser })).status).toBe(403);
      expect((await stack.request('POST', '/api/users/operator.tienthanh/disable', { token: operator })).status).toBe(403);
    });

    it('lists users without password hashes', async () => {
      const res = await stack.request('GET', '/api/users', { token: admin });
      expect(res.status).toBe(200);
      expect(res.body.items.find((u: { username: string }) => u.username === 'operator.tanphu')).toMatchObject({ roles: ['operator'], unit: 'tan-phu', disabled: false });
      expect(JSON.stringify(res.body)).not.toMatch(/passwordHash|scrypt/);
    });

    it('creates a user (password of at least 12 characters, known unit), who can then log in', async () => {
      const short = await stack.request('POST', '/api/users', { token: admin, body: { ...newUser, password: 'short' } });
      expect(short.status).toBe(400);
      expect(short.body.details).toEqual([{ field: 'password', rule: 'minLength', limit: 12, message: 'at least 12 characters' }]);
      const unknownUnit = await stack.request('POST', '/api/users', { token: admin, body: { ...newUser, unit: 'nowhere' } });
      expect(unknownUnit.status).toBe(422);
      expect(unknownUnit.body.details[0].field).toBe('unit');

      const res = await stack.request('POST', '/api/users', { token: admin, body: newUser });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ username: 'operator.team', unit: 'tan-phu-flood-team', disabled: false });
      expect(res.body).not.toHaveProperty('passwordHash');
      expect((await stack.request('POST', '/api/users', { token: admin, body: newUser })).status).toBe(409);
      expect(await stack.login('operator.team', 'long-enough-1')).toEqual(expect.any(String));
    });

    it('edits the profile', async () => {
      const res = await stack.request('PUT', '/api/users/operator.team', { token: admin, body: { displayName: 'Tổ trưởng', roles: ['operator', 'leader'], unit: 'tan-phu' } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ displayName: 'Tổ trưởng', roles: ['operator', 'leader'], unit: 'tan-phu', email: null });
      expect((await stack.request('PUT', '/api/users/nobody', { token: admin, body: { displayName: 'x', roles: ['operator'], unit: 'tan-phu' } })).status).toBe(404);
    });

    it('disables a user: login fails and their existing token stops working; enabling lets them sign in again (old sessions stay ended)', async () => {
      const token = await stack.login('operator.team', 'long-enough-1');
      expect((await stack.request('GET', '/api/sources', { token })).status).toBe(200);
      const res = await stack.request('POST', '/api/users/operator.team/disable', { token: admin });
      expect(res.body.disabled).toBe(true);
      expect((await stack.request('POST', '/api/auth/login', { body: { username: 'operator.team', password: 'long-enough-1' } })).status).toBe(401);
      expect((await stack.request('GET', '/api/sources', { token })).status).toBe(401);
      expect((await stack.request('POST', '/api/users/admin/disable', { token: admin })).status).toBe(422);

      expect((await stack.request('POST', '/api/users/operator.team/enable', { token: admin })).body.disabled).toBe(false);
      expect((await stack.request('GET', '/api/sources', { token })).status).toBe(401);
      expect((await stack.request('GET', '/api/sources', { token: await stack.login('operator.team', 'long-enough-1') })).status).toBe(200);
    });

    it('resets a password to a generated one returned once, or to one given', async () => {
      const generated = await stack.request('POST', '/api/users/operator.team/reset-password', { token: admin, body: {} });
      expect(generated.status).toBe(200);
      expect(generated.body.password).toMatch(/^[A-Za-z0-9_-]{16}$/);
      expect((await stack.request('POST', '/api/auth/login', { body: { username: 'operator.team', password: 'long-enough-1' } })).status).toBe(401);
      expect(await stack.login('operator.team', generated.body.password)).toEqual(expect.any(String));

      const chosen = await stack.request('POST', '/api/users/operator.team/reset-password', { token: admin, body: { password: 'chosen-password-2' } });
      expect(chosen.body).toEqual({ username: 'operator.team' });
      expect(await stack.login('operator.team', 'chosen-password-2')).toEqual(expect.any(String));
      expect((await stack.request('POST', '/api/users/operator.team/reset-password', { token: admin, body: { password: 'short' } })).status).toBe(400);
    });
  });

  describe('audit', () => {
    let auditor: string;
    beforeAll(async () => {
      const res = await stack.request('POST', '/api/users', {
        token: admin,
        body: { username: 'auditor', displayName: 'Thanh tra', roles: ['auditor'], unit: 'dong-xoai', password: 'inspector-pass-2026' },
      });
      expect(res.status).toBe(201);
      auditor = await stack.login('auditor', 'inspector-pass-2026');
    });

    it('is for admins and auditors only', async () => {
      expect((await stack.request('GET', '/api/audit', { token: operator })).status).toBe(403);
      expect((await stack.request('GET', '/api/audit', { token: auditor })).status).toBe(200);
    });

    it('records every change with actor and before/after, newest first, and never a password', async () => {
      const res = await stack.request('GET', '/api/audit?entity=user&entityId=operator.team&actor=admin', { token: auditor });
      const actions = res.body.items.map((e: { action: string }) => e.action);
      expect(actions).toEqual(['user.password-reset', 'user.password-reset', 'user.enabled', 'user.disabled', 'user.updated', 'user.created']);
      const updated = res.body.items.find((e: { action: string }) => e.action === 'user.updated');
      expect(updated).toMatchObject({ actor: 'admin', before: { displayName: 'Cán bộ tổ ngập' }, after: { displayName: 'Tổ trưởng' } });
      expect(JSON.stringify(res.body)).not.toMatch(/long-enough|chosen-password|passwordHash/);

      const unit = await stack.request('GET', '/api/audit?entity=unit&entityId=tan-phu-flood-team&action=unit.updated', { token: admin });
      expect(unit.body.items).toHaveLength(3);
      expect(unit.body.items[2]).toMatchObject({ before: { name: 'Tổ phản ứng ngập Tân Phú' }, after: { name: 'Tổ ứng cứu ngập' } });
    });

    it('filters by actor and time, and pages with the before cursor', async () => {
      const all = (await stack.request('GET', '/api/audit?actor=admin&limit=500', { token: admin })).body.items as { id: string; at: string; actor: string }[];
      expect(all.length).toBeGreaterThan(10);
      expect(all.every((e) => e.actor === 'admin')).toBe(true);
      const times = all.map((e) => e.at);
      expect([...times].sort().reverse()).toEqual(times);

      const first = await stack.request('GET', '/api/audit?actor=admin&limit=3', { token: admin });
      expect(first.body.items).toHaveLength(3);
      const second = await stack.request('GET', `/api/audit?actor=admin&limit=3&before=${encodeURIComponent(first.body.nextBefore)}`, { token: admin });
      expect(second.body.items[0].at < first.body.items[2].at).toBe(true);

      // Walking the whole log two entries at a time with both cursors visits every entry once.
      const walked: string[] = [];
      let cursor = '';
      for (let i = 0; i < 200; i++) {
        const page = await stack.request('GET', `/api/audit?actor=admin&limit=2${cursor}`, { token: admin });
        walked.push(...page.body.items.map((e: { id: string }) => e.id));
        if (!page.body.nextBefore) break;
        cursor = `&before=${encodeURIComponent(page.body.nextBefore)}&beforeId=${encodeURIComponent(page.body.nextBeforeId)}`;
      }
      expect(walked).toEqual(all.map((e) => e.id));

      const mid = all[Math.floor(all.length / 2)]!.at;
      const older = await stack.request('GET', `/api/audit?actor=admin&limit=500&to=${encodeURIComponent(mid)}`, { token: admin });
      expect(older.body.items.every((e: { at: string }) => e.at <= mid)).toBe(true);
      const newer = await stack.request('GET', `/api/audit?actor=admin&limit=500&from=${encodeURIComponent(mid)}`, { token: admin });
      expect(newer.body.items.every((e: { at: string }) => e.at >= mid)).toBe(true);
      expect(older.body.items.length + newer.body.items.length).toBeGreaterThanOrEqual(all.length);
      expect(newer.body.nextBefore).toBeNull();
    });

    it('pages through entries written in the same millisecond without losing any', async () => {
      const at = new Date('2026-01-02T03:04:05.678Z');
      await Audit.collection.insertMany(
        ['tie-a', 'tie-b', 'tie-c', 'tie-d', 'tie-e'].map((_id) => ({ _id, at, actor: 'batch', action: 'test.tie', entity: 'test', entityId: _id }) as never),
      );
      const seen: string[] = [];
      let cursor = '';
      for (let i = 0; i < 10; i++) {
        const page = await stack.request('GET', `/api/audit?actor=batch&limit=2${cursor}`, { token: admin });
        seen.push(...page.body.items.map((e: { id: string }) => e.id));
        if (!page.body.nextBefore) break;
        expect(page.body.nextBefore).toBe(at.toISOString());
        cursor = `&before=${encodeURIComponent(page.body.nextBefore)}&beforeId=${encodeURIComponent(page.body.nextBeforeId)}`;
      }
      expect(seen).toEqual(['tie-e', 'tie-d', 'tie-c', 'tie-b', 'tie-a']);
      expect((await stack.request('GET', '/api/audit?beforeId=tie-c', { token: admin })).status).toBe(400);
    });

    it('refuses a page larger than 500 and a malformed time', async () => {
      expect((await stack.request('GET', '/api/audit?limit=501', { token: admin })).status).toBe(400);
      const bad = await stack.request('GET', '/api/audit?from=yesterday', { token: admin });
      expect(bad.status).toBe(400);
      expect(bad.body.details[0].field).toBe('from');
    });
  });
});
