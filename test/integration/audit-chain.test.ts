import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { Audit, AuditHead, AuditLink, GENESIS_HASH, appendLink, audit, entryHash, positionsOf, recordPosition, verifyAuditLog } from '../../model';
import { TestStack } from '../support/test-stack';

const run = promisify(execFile);

/**
 * The hash-chained audit log on the real FerretDB: many writers at once (in this process and in
 * other processes) give one unbroken chain, retried activities are recorded once, and tampering
 * directly in the collections is named by the verifier and by GET /api/audit/verify.
 */
describe('the audit hash chain', () => {
  let stack: TestStack;
  let admin: string;

  beforeAll(async () => {
    stack = await TestStack.start('audit-chain');
    admin = await stack.login('admin');
  });
  afterAll(async () => {
    await stack?.close();
  });

  const apiVerdict = async () => {
    const res = await stack.request('GET', '/api/audit/verify', { token: admin });
    expect(res.status).toBe(200);
    return res.body as Record<string, unknown>;
  };

  it('links entries written at once by this process and by three others into one chain without gaps or duplicates', async () => {
    const before = await AuditLink.countDocuments();
    const writer = path.join(__dirname, '..', 'support', 'audit-writer.ts');
    const others = ['p1', 'p2', 'p3'].map((name) =>
      run(process.execPath, ['--import', 'tsx', writer, stack.state.mongoUri, stack.dbName, name, '20'], { cwd: path.join(__dirname, '..', '..') }),
    );
    await Promise.all([
      ...Array.from({ length: 50 }, (_, i) =>
        audit({ actor: 'admin', action: 'test.concurrent', entity: 'thing', entityId: `t${i}`, before: { n: i }, after: { n: i + 1, at: new Date(i) } }),
      ),
      ...others,
    ]);

    const links = await AuditLink.find().sort({ _id: 1 }).lean();
    expect(links).toHaveLength(before + 110);
    expect(links.map((l) => l._id)).toEqual(Array.from({ length: links.length }, (_, i) => i + 1));
    expect(new Set(links.map((l) => l.entryId)).size).toBe(links.length);
    const entries = await Audit.find().lean();
    expect(entries).toHaveLength(links.length);
    const positions = await positionsOf(entries.map((e) => e._id));
    expect(entries.every((e) => typeof positions.get(e._id)?.seq === 'number' && /^[0-9a-f]{64}$/.test(positions.get(e._id)?.hash ?? ''))).toBe(true);
    expect(await verifyAuditLog()).toMatchObject({ ok: true, count: links.length });
    expect(await apiVerdict()).toMatchObject({ ok: true, count: links.length });
  });

  it('links a batch around a seq another process took in its middle: the entries before it, then the rest after it', async () => {
    const head = await AuditHead.collection.findOne({ _id: 'head' as never });
    const start = head ? { seq: head.seq as number, hash: head.hash as string } : { seq: 0, hash: GENESIS_HASH };
    const at = new Date('2026-11-26T08:00:00Z');
    const fields = (n: number, actor = 'admin') => ({ at, actor, action: 'test.batch', entity: 'thing', entityId: `b${n}` });
    const mine = [1, 2, 3, 4].map((n) => ({ id: `batch-${n}`, fields: fields(n) }));
    const theirs = { id: 'batch-other', fields: fields(9, 'other-process') };
    await Audit.collection.insertMany([...mine, theirs].map((e) => ({ _id: e.id, ...e.fields })) as never[]);
    // The other process linked its entry at start + 3 — right after where this batch's first two
    // will go, chained to them as it would be had it read them — and has not moved the head yet.
    const first = entryHash(start.hash, { ...mine[0]!.fields, seq: start.seq + 1 });
    const second = entryHash(first, { ...mine[1]!.fields, seq: start.seq + 2 });
    const taken = { seq: start.seq + 3, hash: entryHash(second, { ...theirs.fields, seq: start.seq + 3 }) };
    await AuditLink.collection.insertOne({ _id: taken.seq, entryId: theirs.id, prevHash: second, hash: taken.hash } as never);
    await recordPosition(theirs.id, taken);

    // Asked for together, so written as one batch: its ordered insert stops at start + 3.
    const positions = await Promise.all(mine.map((e) => appendLink(e.id, e.fields)));
    expect(positions.map((p) => p.seq - start.seq)).toEqual([1, 2, 4, 5]);
    expect(positions[0]!.hash).toBe(first);
    await Promise.all(mine.map((e, i) => recordPosition(e.id, positions[i]!)));
    expect(await verifyAuditLog()).toMatchObject({ ok: true });
  });

  it('records a retried activity once, and links an entry whose first attempt stopped before linking it', async () => {
    await audit({ key: 'retry-1', actor: 'worker', action: 'test.retried', entity: 'task', entityId: 'r1' });
    await audit({ key: 'retry-1', actor: 'worker', action: 'test.retried', entity: 'task', entityId: 'r1' });
    expect(await Audit.countDocuments({ entityId: 'r1' })).toBe(1);
    expect(await AuditLink.countDocuments({ entryId: 'retry-1' })).toBe(1);

    // As if the first attempt crashed after inserting its entry: the verifier sees it outside the chain…
    await Audit.collection.insertOne({ _id: 'retry-2', at: new Date(), actor: 'worker', action: 'test.retried', entity: 'task', entityId: 'r2' } as never);
    expect(await verifyAuditLog()).toMatchObject({ ok: false, problem: 'unlinked entry', entryId: 'retry-2' });
    // …and the retry links it.
    await audit({ key: 'retry-2', actor: 'worker', action: 'test.retried', entity: 'task', entityId: 'r2' });
    expect(await AuditLink.countDocuments({ entryId: 'retry-2' })).toBe(1);
    expect(await verifyAuditLog()).toMatchObject({ ok: true });
  });

  it('lists seq and hash in GET /api/audit', async () => {
    const res = await stack.request('GET', '/api/audit?action=test.concurrent&limit=5', { token: admin });
    expect(res.status).toBe(200);
    const items = res.body.items as { id: string; seq: number; hash: string }[];
    expect(items).toHaveLength(5);
    for (const item of items) {
      expect(item.seq).toBeGreaterThan(0);
      expect(item.hash).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('is for admins and auditors only', async () => {
    const operator = await stack.login('operator.ioc');
    expect((await stack.request('GET', '/api/audit/verify', { token: operator })).status).toBe(403);
    expect((await stack.request('GET', '/api/audit/verify')).status).toBe(401);
  });

  describe('tampering in the collections', () => {
    const target = async (seq: number) => {
      const link = await AuditLink.findById(seq).lean();
      return (await Audit.findById(link!.entryId).lean())!;
    };

    it('names a changed `after` as a hash mismatch at its seq', async () => {
      const entry = await target(7);
      await Audit.collection.updateOne({ _id: entry._id as never }, { $set: { after: { n: 1_000_000 } } });
      const expected = { ok: false, seq: 7, entryId: entry._id, problem: 'hash mismatch' };
      expect(await verifyAuditLog()).toMatchObject(expected);
      expect(await apiVerdict()).toMatchObject(expected);
      await Audit.collection.replaceOne({ _id: entry._id as never }, entry);
      expect(await verifyAuditLog()).toMatchObject({ ok: true });
    });

    it('names a deleted entry as missing at its seq', async () => {
      const entry = await target(12);
      await Audit.collection.deleteOne({ _id: entry._id as never });
      const expected = { ok: false, seq: 12, entryId: entry._id, problem: 'missing entry' };
      expect(await verifyAuditLog()).toMatchObject(expected);
      expect(await apiVerdict()).toMatchObject(expected);
      await Audit.collection.insertOne(entry as never);
      expect(await verifyAuditLog()).toMatchObject({ ok: true });
    });

    it('names a deleted entry together with its link as a gap', async () => {
      const entry = await target(20);
      const link = (await AuditLink.findById(20).lean())!;
      await Audit.collection.deleteOne({ _id: entry._id as never });
      await AuditLink.collection.deleteOne({ _id: 20 as never });
      const expected = { ok: false, seq: 20, problem: 'gap' };
      expect(await verifyAuditLog()).toMatchObject(expected);
      expect(await apiVerdict()).toMatchObject(expected);
      await Audit.collection.insertOne(entry as never);
      await AuditLink.collection.insertOne(link as never);
      expect(await verifyAuditLog()).toMatchObject({ ok: true });
    });

    it('names a forged entry inserted out of band, at the seq it claims', async () => {
      const copy = await target(30);
      // The forger stamps the position on the entry itself, as entries of older versions carry it.
      const claimed = (await positionsOf([copy._id])).get(copy._id)!;
      const forged = { ...copy, ...claimed, _id: 'forged-1', actor: 'mallory', after: { n: -1 } };
      await Audit.collection.insertOne(forged as never);
      const expected = { ok: false, seq: 30, entryId: 'forged-1', problem: 'unlinked entry' };
      expect(await verifyAuditLog()).toMatchObject(expected);
      expect(await apiVerdict()).toMatchObject(expected);
      await Audit.collection.deleteOne({ _id: 'forged-1' as never });
      expect(await verifyAuditLog()).toMatchObject({ ok: true });
    });

    it('names a forged entry spliced into the chain with a recomputed hash as a broken link after it', async () => {
      const entry = await target(40);
      const link = (await AuditLink.findById(40).lean())!;
      // The forger rewrites the entry and its link's hash, but not every later link.
      const { entryHash } = await import('../../model');
      const changed = { ...entry, after: { n: 42 } };
      const hash = entryHash(link.prevHash, { ...changed, seq: 40 } as never);
      await Audit.collection.replaceOne({ _id: entry._id as never }, { ...changed, hash });
      await AuditLink.collection.updateOne({ _id: 40 as never }, { $set: { hash } });
      expect(await verifyAuditLog()).toMatchObject({ ok: false, seq: 41, problem: 'broken link' });
      expect(await apiVerdict()).toMatchObject({ ok: false, seq: 41, problem: 'broken link' });
      await Audit.collection.replaceOne({ _id: entry._id as never }, entry);
      await AuditLink.collection.replaceOne({ _id: 40 as never }, link);
      expect(await verifyAuditLog()).toMatchObject({ ok: true });
    });

    it('prints the verdict from npm run audit:verify, exiting 1 on a broken chain', async () => {
      const env = { ...process.env, MONGODB_URI: stack.state.mongoUri, CITYOPS_DB_NAME: stack.dbName };
      const root = path.join(__dirname, '..', '..');
      const ok = await run(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts'], { cwd: root, env });
      expect(ok.stdout).toMatch(/^OK: \d+ audit entries/);
      const entry = await target(3);
      await Audit.collection.updateOne({ _id: entry._id as never }, { $set: { actor: 'mallory' } });
      const broken = await run(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts'], { cwd: root, env }).then(
        () => undefined,
        (err: { code: number; stdout: string }) => err,
      );
      expect(broken?.code).toBe(1);
      expect(broken?.stdout).toContain(`BROKEN: hash mismatch at seq 3 (entry ${entry._id})`);
      await Audit.collection.replaceOne({ _id: entry._id as never }, entry);
    });
  });
});
