import { ChangeDecision, ChangeRequest, audit } from '../../model';
import type { RuleStore } from '../../rules/rule-store';
import { SopCompileError } from '../../sop/errors';
import { createLogger, errorFields } from '../../platform/log';
import type { AuthUser } from '../auth/middleware';
import { HttpError, conflict, forbidden } from '../http-errors';
import { tryCompile } from '../sops/deploy-service';
import { applyChange } from './apply-change';
import { decide, liveVersion, loadChange, markDecided } from './change-requests';

const log = createLogger('api');

type Request = Awaited<ReturnType<typeof loadChange>>;

/** A failure that will not go away by trying again: the approval is taken back so the request stays pending. */
const isRefusal = (err: unknown) => err instanceof SopCompileError || (err instanceof HttpError && err.status < 500);

/**
 * Approving a change request (four eyes): a second admin — never the author — makes it live.
 * The decision is recorded first (exactly one decider wins), then the change is applied; an apply
 * cut short by a crash is finished by `finishInterrupted` on the next start, never done twice.
 */
export class ChangeApprover {
  constructor(private readonly rules: Pick<RuleStore, 'invalidate'>) {}

  async approve(user: AuthUser, id: string, note?: string): Promise<void> {
    const request = await loadChange(id);
    if (request.requestedBy === user.username) throw forbidden('four eyes: the author of a change cannot approve it');
    const earlier = await ChangeDecision.findById(id, { decision: 1, by: 1 }).lean();
    if (earlier?.decision === 'approved' && request.status === 'pending') {
      await this.finish(request, earlier.by, true, note); // an approval interrupted before it finished
      return;
    }
    if (request.status !== 'pending') throw conflict(`this change request is ${request.status}, not pending`);
    await refuseStale(request);
    if (request.kind === 'sop.deploy') await refuseUncompilable(request);
    await decide(id, 'approved', user.username, note);
    await this.finish(request, user.username, false, note);
  }

  /** Applies approved requests whose apply a crash cut short (decision stored, request still pending). Returns how many. */
  async finishInterrupted(): Promise<number> {
    const pending = await ChangeRequest.find({ status: 'pending' }).lean();
    if (!pending.length) return 0;
    const approved = await ChangeDecision.find({ _id: { $in: pending.map((r) => r._id) }, decision: 'approved' }).lean();
    let finished = 0;
    for (const decision of approved) {
      const request = pending.find((r) => r._id === decision._id)!;
      try {
        await this.finish(request as Request, decision.by, true);
        finished += 1;
      } catch (err) {
        log.error('could not finish an interrupted approval', { changeId: request._id, ...errorFields(err) });
      }
    }
    return finished;
  }

  private async finish(request: Request, approvedBy: string, resumed: boolean, note?: string): Promise<void> {
    let version: number | null;
    try {
      version = await applyChange(request, approvedBy, resumed);
    } catch (err) {
      if (isRefusal(err)) await ChangeDecision.deleteOne({ _id: request._id, decision: 'approved' });
      throw err;
    }
    if (request.entity === 'rule') this.rules.invalidate();
    await markDecided(request._id, 'approved', approvedBy, version === null ? {} : { resultVersion: version });
    await audit({
      actor: approvedBy,
      action: 'change.approved',
      entity: 'change',
      entityId: request._id,
      before: { status: 'pending' },
      after: { status: 'approved', kind: request.kind, key: request.key, version, ...(note ? { note } : {}) },
    });
  }
}

/** 409 when the SOP or rule moved on since the request was made: the approver would be approving something they have not seen. */
async function refuseStale(request: Request): Promise<void> {
  const now = await liveVersion(request.entity as 'sop' | 'rule', request.key);
  if (now !== (request.baseVersion ?? null)) {
    throw conflict(
      `${request.entity === 'sop' ? 'SOP' : 'rule'} ${request.key} changed since this request was made (version ${request.baseVersion ?? 'none'} then, ${now ?? 'none'} now): reject it and ask for the change again`,
    );
  }
}

/** 422 naming the elements when the SOP no longer compiles (e.g. a form it uses was removed meanwhile). */
async function refuseUncompilable(request: Request): Promise<void> {
  const { bpmnXml } = JSON.parse(request.payloadJson!) as { bpmnXml: string };
  const result = await tryCompile(bpmnXml);
  if ('errors' in result) throw new SopCompileError(result.errors);
}
