import { ChangeRequest, RuleVersion, SopVersion, sopVersionId } from '../../model';
import { toDefinition } from '../../rules/rule-store';
import type { AuthUser } from '../auth/middleware';
import { tryCompile } from '../sops/deploy-service';
import { elementChanges, fieldChanges } from './element-changes';
import type { loadChange } from './change-requests';

type Request = Awaited<ReturnType<typeof loadChange>>;

/** A request as lists show it, with what the caller may do with it. */
export function changeSummary(request: Request, user: AuthUser) {
  const pending = request.status === 'pending';
  const author = request.requestedBy === user.username;
  const admin = user.roles.includes('admin');
  return {
    id: request._id,
    kind: request.kind,
    entity: request.entity,
    key: request.key,
    title: request.title,
    baseVersion: request.baseVersion ?? null,
    requestedBy: request.requestedBy,
    requestedAt: request.requestedAt,
    status: request.status,
    decidedBy: request.decidedBy ?? null,
    decidedAt: request.decidedAt ?? null,
    reason: request.reason ?? null,
    result: request.resultVersion == null ? null : { version: request.resultVersion },
    mayApprove: pending && admin && !author,
    mayReject: pending && admin && !author,
    mayWithdraw: pending && author,
  };
}

const MAX_LISTED = 200;

export async function listChanges(user: AuthUser, query: { status: 'pending' | 'decided' | 'all'; entity?: 'sop' | 'rule' }) {
  const filter: Record<string, unknown> = {};
  if (query.status === 'pending') filter.status = 'pending';
  if (query.status === 'decided') filter.status = { $ne: 'pending' };
  if (query.entity) filter.entity = query.entity;
  const docs = await ChangeRequest.find(filter, { payloadJson: 0 }).sort({ requestedAt: -1 }).limit(MAX_LISTED).lean();
  return docs.map((d) => changeSummary(d as Request, user));
}

/** A rule version as the body an admin writes (no key, version or authorship), for comparing. */
function ruleBodyOf(doc: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!doc) return null;
  const body: Record<string, unknown> = { ...toDefinition(doc) };
  delete body.key;
  delete body.version;
  return body;
}

/**
 * What the approver reviews. Compared with the version the request was based on (not the live one,
 * so an approved request still shows what it changed). An SOP is compiled again now, against today's
 * forms and SOPs: its problems are the ones approving would meet.
 */
export async function changeDetail(request: Request) {
  const payload: unknown = request.payloadJson ? JSON.parse(request.payloadJson) : null;
  const base = request.baseVersion ?? null;
  if (request.entity === 'sop') {
    const proposed = payload as { name: string; bpmnXml: string };
    const [baseVersion, compiled] = await Promise.all([base === null ? null : SopVersion.findById(sopVersionId(request.key, base)).lean(), tryCompile(proposed.bpmnXml)]);
    const ok = 'compiled' in compiled;
    return {
      name: proposed.name,
      bpmnXml: proposed.bpmnXml,
      current: baseVersion ? { version: baseVersion.version, bpmnXml: baseVersion.bpmnXml } : null,
      problems: ok ? { errors: [], warnings: compiled.compiled.warnings } : { errors: compiled.errors, warnings: [] },
      elements: ok ? elementChanges((baseVersion?.graph as never) ?? null, compiled.compiled.graph) : [],
    };
  }
  const baseRule = base === null ? null : await RuleVersion.findById(`${request.key}@${base}`).lean();
  const before = ruleBodyOf(baseRule as Record<string, unknown> | null);
  const after = request.kind === 'rule.delete' ? null : (payload as Record<string, unknown>);
  return { before, after, fields: fieldChanges(before, after) };
}
