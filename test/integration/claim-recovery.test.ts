import { Audit, Incident, Task, TaskClaim } from '../../model';
import { CLAIM_SETTLE_MS } from '../../api/tasks/task-service';
import { TestStack } from '../support/test-stack';

/**
 * A claim is a claim record, then the task update and audit entry. When a claim's record was stored
 * but the rest was not (the API died or the database failed in between), the task must not stay open
 * and unclaimable for ever: the next claim finishes it for whoever holds the record.
 */
describe('a half-written claim', () => {
  let stack: TestStack;
  let operator: string;
  let leader: string;

  beforeAll(async () => {
    stack = await TestStack.start('claim_recovery');
    operator = await stack.login('operator.tanphu');
    leader = await stack.login('leader');
  });
  afterAll(async () => stack?.close());

  /** An open task of an unacknowledged incident, whose claim record `holder` took `ageMs` ago and nothing else recorded. */
  async function halfClaimed(name: string, holder: string, ageMs: number): Promise<string> {
    const incidentId = `claim-recovery-${name}`;
    const taskId = `${incidentId}:verify:1`;
    await Incident.collection.insertOne({ _id: incidentId, title: name, status: 'open', severity: 'warning', unit: 'tan-phu', openedAt: new Date() } as never);
    await Task.create({
      _id: taskId,
      incidentId,
      workflowId: `incident:${incidentId}`,
      stepId: 'verify',
      name: 'Xác minh',
      status: 'open',
      unit: 'tan-phu',
      createdAt: new Date(),
    });
    await TaskClaim.collection.insertOne({ _id: `${taskId}#0`, taskId, user: holder, at: new Date(Date.now() - ageMs) } as never);
    return taskId;
  }
  const claim = (token: string, id: string) => stack.request('POST', `/api/tasks/${encodeURIComponent(id)}/claim`, { token });
  const claimsAudited = async (id: string) => (await Audit.find({ action: 'task.claimed', entityId: id }).lean()).map((a) => a.actor);

  it("lets the claimant's retry finish its own claim", async () => {
    const id = await halfClaimed('retry', 'operator.tanphu', CLAIM_SETTLE_MS + 5000);
    const res = await claim(operator, id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, status: 'claimed', assignee: 'operator.tanphu' });
    expect(await claimsAudited(id)).toEqual(['operator.tanphu']);
    expect((await Incident.findById('claim-recovery-retry').lean())?.acknowledgedAt).toBeInstanceOf(Date);
  });

  it("finishes the holder's claim when someone else tries, and tells them who holds it", async () => {
    const id = await halfClaimed('other', 'operator.tanphu', CLAIM_SETTLE_MS + 5000);
    const res = await claim(leader, id);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatch(/claimed by operator\.tanphu/);
    expect(await Task.findById(id).lean()).toMatchObject({ status: 'claimed', assignee: 'operator.tanphu' });
    expect(await claimsAudited(id)).toEqual(['operator.tanphu']);
    // The holder now has it: completing is theirs, claiming again is a plain conflict.
    expect((await claim(operator, id)).status).toBe(409);
    expect(await claimsAudited(id)).toHaveLength(1);
  });

  it('leaves a claim still being recorded to the request that took it', async () => {
    const id = await halfClaimed('fresh', 'operator.tanphu', 0);
    const other = await claim(leader, id);
    expect(other.status).toBe(409);
    expect(other.body.error).toMatch(/claimed by operator\.tanphu/);
    const mine = await claim(operator, id);
    expect(mine.status).toBe(409);
    expect(mine.body.error).toMatch(/still being recorded/);
    expect(await Task.findById(id).lean()).toMatchObject({ status: 'open' });
    expect(await claimsAudited(id)).toEqual([]);
  });
});
