import { Audit, AuditHead, AuditLink, AuditPosition, linkEntriesFromBeforeTheChain, verifyAuditLog } from '../../model';
import { TestStack } from '../support/test-stack';

/** A database from before the hash chain: its audit entries have no links until the first start links them, once. */
describe('linking audit entries written before the hash chain', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start('audit_genesis');
  });
  afterAll(async () => stack?.close());

  it('links the old entries oldest first, once, and leaves later stray entries reported', async () => {
    // Turn the seeded log into one written before the chain existed, plus two entries of last year.
    await AuditLink.collection.deleteMany({});
    await AuditHead.collection.deleteMany({});
    await AuditPosition.collection.deleteMany({});
    await Audit.collection.updateMany({}, { $unset: { seq: '', hash: '' } });
    await Audit.collection.insertMany([
      { _id: 'old-2', at: new Date('2025-03-02T01:00:00Z'), actor: 'admin', action: 'rule.updated', entity: 'rule', entityId: 'flood', after: { level: 3 } },
      { _id: 'old-1', at: new Date('2025-03-01T01:00:00Z'), actor: 'admin', action: 'rule.created', entity: 'rule', entityId: 'flood' },
    ] as never[]);
    const total = await Audit.countDocuments();
    expect(await verifyAuditLog()).toMatchObject({ ok: false, problem: 'unlinked entry' });

    expect(await linkEntriesFromBeforeTheChain()).toBe(total);
    expect(await verifyAuditLog()).toMatchObject({ ok: true, count: total });
    expect((await AuditLink.collection.findOne({ _id: 1 as never }))?.entryId).toBe('old-1');
    expect((await AuditLink.collection.findOne({ _id: 2 as never }))?.entryId).toBe('old-2');

    // Once per database: a second start links nothing, and an entry slipped in later stays an alarm.
    await Audit.collection.insertOne({ _id: 'forged', at: new Date(), actor: 'admin', action: 'user.created', entity: 'user', entityId: 'x' } as never);
    expect(await linkEntriesFromBeforeTheChain()).toBe(0);
    expect(await verifyAuditLog()).toMatchObject({ ok: false, problem: 'unlinked entry', entryId: 'forged' });
  });
});
