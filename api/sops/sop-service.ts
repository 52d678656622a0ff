import { Incident, SopDraft, SopHead, SopVersion, audit, sopVersionId, type SopDraftDoc } from '../../model';
import { SopCompileError, type CompileProblem } from '../../sop/errors';
import type { AuthUser } from '../auth/middleware';
import { notFound } from '../http-errors';
import { pendingChangesOf } from '../changes/pending-changes';
import { requestChange } from '../changes/change-requests';
import { changeSummary } from '../changes/change-views';
import { deploySop, tryCompile } from './deploy-service';

export interface DraftInput {
  name: string;
  bpmnXml: string;
}

export interface DeployResult {
  key: string;
  version: number;
  graphHash: string;
  warnings: CompileProblem[];
}

const isAdmin = (user: AuthUser) => user.roles.includes('admin');

/** Saves (creates or overwrites) the draft of `key` and audits the change by name and XML size. */
export async function saveDraft(user: AuthUser, key: string, input: DraftInput): Promise<{ key: string; name: string; updatedAt: Date }> {
  const updatedAt = new Date();
  // No projection: FerretDB 1.24 does not implement one on findAndModify.
  const before = await SopDraft.findOneAndUpdate(
    { _id: key },
    { $set: { name: input.name, bpmnXml: input.bpmnXml, updatedBy: user.username, updatedAt } },
    { upsert: true, returnDocument: 'before' },
  ).lean();
  await audit({
    actor: user.username,
    action: 'sop.draft-saved',
    entity: 'sop',
    entityId: key,
    before: before ? { name: before.name, xmlLength: before.bpmnXml.length } : null,
    after: { name: input.name, xmlLength: input.bpmnXml.length },
  });
  return { key, name: input.name, updatedAt };
}

/**
 * The XML a deploy is about: the stored draft, or the given XML (saved as the draft first, so the
 * admin's work is kept even when it does not compile or waits for approval). 404 without either.
 */
export async function draftToDeploy(user: AuthUser, key: string, body: { bpmnXml?: string; name?: string }): Promise<{ name: string; bpmnXml: string }> {
  const existing = await SopDraft.findById(key, { name: 1, bpmnXml: 1 }).lean();
  if (body.bpmnXml === undefined) {
    if (!existing) throw notFound(`draft of SOP ${key}`);
    return { name: existing.name, bpmnXml: existing.bpmnXml };
  }
  const head = existing ? undefined : await SopHead.findById(key, { name: 1 }).lean();
  const name = body.name ?? existing?.name ?? head?.name ?? key;
  await saveDraft(user, key, { name, bpmnXml: body.bpmnXml });
  return { name, bpmnXml: body.bpmnXml };
}

/** Deploys the draft at once (four eyes off). A compile failure surfaces as `SopCompileError`. */
export async function deployDraft(user: AuthUser, key: string, body: { bpmnXml?: string; name?: string }): Promise<DeployResult> {
  const { bpmnXml } = await draftToDeploy(user, key, body);
  const deployed = await deploySop({ key, bpmnXml, deployedBy: user.username });
  return { key, version: deployed.version, graphHash: deployed.compiled.graphHash, warnings: deployed.compiled.warnings };
}

/**
 * Under four eyes a deploy is asked for, not made: the draft is saved and compiled now (problems are
 * a 422 at once, as for a deploy), then stored as a change request another admin approves.
 */
export async function requestDeploy(user: AuthUser, key: string, body: { bpmnXml?: string; name?: string }) {
  const draft = await draftToDeploy(user, key, body);
  const result = await tryCompile(draft.bpmnXml);
  if ('errors' in result) throw new SopCompileError(result.errors);
  const change = await requestChange(user, { kind: 'sop.deploy', key, title: result.compiled.graph.name || draft.name, payload: draft });
  return { pendingApproval: true as const, change: changeSummary(change, user), warnings: result.compiled.warnings };
}

/** Every SOP that is deployed or has a draft, by key. SOPs number in the tens: both collections are read whole. */
export async function listSops() {
  const [heads, drafts, pending] = await Promise.all([SopHead.find({}).lean(), SopDraft.find({}, { name: 1, updatedAt: 1 }).lean(), pendingChangesOf('sop')]);
  const headByKey = new Map(heads.map((h) => [h._id, h]));
  const draftByKey = new Map(drafts.map((d) => [d._id, d]));
  const keys = [...new Set([...headByKey.keys(), ...draftByKey.keys()])].sort();
  return {
    items: keys.map((key) => {
      const head = headByKey.get(key);
      const draft = draftByKey.get(key);
      return {
        key,
        name: head?.name ?? draft!.name,
        latestVersion: head?.latestVersion ?? null,
        // When the deployed SOP last changed; a never-deployed SOP shows its draft's time.
        updatedAt: head?.updatedAt ?? draft!.updatedAt,
        hasDraft: draft !== undefined,
        draftUpdatedAt: draft?.updatedAt ?? null,
        pendingChange: pending.get(key) ?? null,
      };
    }),
  };
}

function toDraftView(draft: Pick<SopDraftDoc, 'name' | 'bpmnXml' | 'updatedBy' | 'updatedAt'>, withXml: boolean) {
  return {
    name: draft.name,
    updatedBy: draft.updatedBy,
    updatedAt: draft.updatedAt,
    xmlLength: draft.bpmnXml.length,
    ...(withXml ? { bpmnXml: draft.bpmnXml } : {}),
  };
}

/** Head and draft of one SOP; the draft's XML only for admins (it may hold unreleased work). */
export async function getSop(user: AuthUser, key: string) {
  const [head, draft] = await Promise.all([SopHead.findById(key).lean(), SopDraft.findById(key).lean()]);
  if (!head && !draft) throw notFound(`SOP ${key}`);
  return {
    key,
    name: head?.name ?? draft!.name,
    latestVersion: head?.latestVersion ?? null,
    updatedAt: head?.updatedAt ?? null,
    draft: draft ? toDraftView(draft, isAdmin(user)) : null,
  };
}

/** Incident statuses that still run their SOP version. */
const RUNNING_STATUSES: ('open' | 'monitoring')[] = ['open', 'monitoring'];

/**
 * Running incidents per version of one SOP, in one query reading only `sopVersion` of the running
 * incidents of that key (FerretDB pushes no filter but `_id` down, so one scan rather than one per version).
 */
async function runningByVersion(key: string): Promise<Map<number, number>> {
  const running = await Incident.find({ sopKey: key, status: { $in: RUNNING_STATUSES } }, { _id: 0, sopVersion: 1 }).lean();
  const counts = new Map<number, number>();
  for (const { sopVersion } of running) counts.set(sopVersion, (counts.get(sopVersion) ?? 0) + 1);
  return counts;
}

/** Deployed versions, newest first, without XML or graph, each with who deployed it, when, and its running incidents. */
export async function listVersions(key: string) {
  const [head, hasDraft] = await Promise.all([SopHead.exists({ _id: key }), SopDraft.exists({ _id: key })]);
  if (!head && !hasDraft) throw notFound(`SOP ${key}`);
  if (!head) return { items: [] };
  const [versions, running] = await Promise.all([
    SopVersion.find({ key }, { version: 1, name: 1, graphHash: 1, deployedBy: 1, deployedAt: 1, approvedBy: 1 }).sort({ version: -1 }).lean(),
    runningByVersion(key),
  ]);
  return {
    items: versions.map((v) => ({
      version: v.version,
      name: v.name,
      graphHash: v.graphHash,
      deployedBy: v.deployedBy ?? null,
      deployedAt: v.deployedAt,
      approvedBy: v.approvedBy ?? null,
      runningIncidents: running.get(v.version) ?? 0,
    })),
  };
}

/** One deployed version with its XML and compiled graph (an exact-_id read). */
export async function getVersion(key: string, version: number) {
  const v = await SopVersion.findById(sopVersionId(key, version)).lean();
  if (!v) throw notFound(`SOP ${key} version ${version}`);
  return { key, version: v.version, name: v.name, bpmnXml: v.bpmnXml, graph: v.graph, graphHash: v.graphHash, deployedBy: v.deployedBy ?? null, deployedAt: v.deployedAt, approvedBy: v.approvedBy ?? null };
}
