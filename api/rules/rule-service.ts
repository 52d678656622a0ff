import { downsample } from '../../rules/downsample';
import { Rule, RuleVersion, StoredEvent, audit, bumpRulesCounter, fromStoredRule, toStoredRule } from '../../model';
import { backtest, type EvaluableEvent, type TimelineEntry } from '../../rules/evaluation';
import { RuleIndex, validateRule, type RuleDefinition } from '../../rules/rule-index';
import { toDefinition } from '../../rules/rule-store';
import { validateRange } from '../../rules/schedule';
import type { AuthUser } from '../auth/middleware';
import { pendingChangeOf, pendingChangesOf } from '../changes/pending-changes';
import { badRequest, conflict, notFound } from '../http-errors';
import { MAX_BACKTEST_EVENTS, type RuleBody } from './schemas';

const versionId = (key: string, version: number) => `${key}@${version}`;

/** Who made a four-eyes change go live, and the request it came from; absent when four eyes is off. */
export interface Approval {
  approvedBy: string;
  changeId: string;
}

/** The author of a change: the signed-in admin, or the requester of an approved change request. */
type Author = Pick<AuthUser, 'username'>;

function view(d: Record<string, unknown>) {
  const { _id, ...rest } = fromStoredRule(d);
  return { key: _id, ...rest };
}

/** Compiles the rule once to refuse what would fail at evaluation time (durations, condition trees, time ranges). */
export function checkRule(key: string, body: RuleBody): RuleDefinition {
  const def = toDefinition({ ...body, _id: key });
  try {
    validateRule(def);
    for (const r of [...(body.schedule ?? []), ...(body.maintenanceWindows ?? [])]) validateRange(r);
  } catch (err) {
    throw badRequest(`invalid rule: ${(err as Error).message}`, [{ field: 'rule', message: (err as Error).message }]);
  }
  return def;
}

export async function listRules() {
  const [docs, pending] = await Promise.all([Rule.find({}).sort({ _id: 1 }).lean(), pendingChangesOf('rule')]);
  return { items: docs.map((d) => ({ ...view(d as never), pendingChange: pending.get(d._id) ?? null })), total: docs.length };
}

/** The rule, with the change request awaiting approval for it (so the editor can say that saving again replaces it). */
export async function getRule(key: string) {
  const [doc, pendingChange] = await Promise.all([Rule.findById(key).lean(), pendingChangeOf('rule', key)]);
  if (!doc) throw notFound('rule');
  return { ...view(doc as never), pendingChange };
}

export async function listRuleVersions(key: string) {
  const docs = await RuleVersion.find({ key }).sort({ version: -1 }).limit(200).lean();
  return { items: docs.map((doc) => fromStoredRule(doc as never)).map(({ _id, ...d }) => ({ id: _id, ...d })) };
}

async function latestVersion(key: string): Promise<number> {
  const [last] = await RuleVersion.find({ key }, { version: 1 }).sort({ version: -1 }).limit(1).lean();
  return last?.version ?? 0;
}

/**
 * Stores a new immutable version and makes it current. The version document's `_id` is
 * `key@version`: two concurrent saves of the same version collide on the primary key, and the loser gets 409.
 */
export async function saveRule(user: Author, key: string, body: RuleBody, action = 'rule.saved', approval?: Approval) {
  checkRule(key, body);
  const before = await Rule.findById(key).lean();
  const version = Math.max(before?.version ?? 0, await latestVersion(key)) + 1;
  const doc = toStoredRule({ ...body, version, updatedBy: user.username, ...approval });
  try {
    await RuleVersion.collection.insertOne({ _id: versionId(key, version), key, ...doc, savedAt: new Date() } as never);
  } catch (err) {
    if ((err as { code?: number }).code === 11000) throw conflict('the rule was changed at the same time; reload and try again');
    throw err;
  }
  const now = new Date();
  await Rule.collection.replaceOne({ _id: key } as never, { ...doc, createdAt: before?.createdAt ?? now, updatedAt: now } as never, { upsert: true });
  await audit({
    // Under four eyes the approver makes the change go live; the author is kept beside it.
    actor: approval?.approvedBy ?? user.username,
    action,
    entity: 'rule',
    entityId: key,
    before: before ? { version: before.version, enabled: before.enabled } : undefined,
    after: { version, enabled: body.enabled, ...(approval ? { requestedBy: user.username, changeId: approval.changeId } : {}) },
  });
  await bumpRulesCounter();
  return getRule(key);
}

/** The current rule as the body an admin would PUT (no key, version or authorship), with `enabled` set; 404 when there is none. */
export async function currentBodyWith(key: string, enabled: boolean): Promise<RuleBody> {
  const current = await Rule.findById(key).lean();
  if (!current) throw notFound('rule');
  const body: Record<string, unknown> = { ...toDefinition(current as never) };
  delete body.key;
  delete body.version;
  return { ...(body as RuleBody), enabled };
}

export async function setRuleEnabled(user: Author, key: string, enabled: boolean) {
  return saveRule(user, key, await currentBodyWith(key, enabled), enabled ? 'rule.enabled' : 'rule.disabled');
}

export async function deleteRule(user: Author, key: string, approval?: Approval): Promise<void> {
  const current = await Rule.findById(key).lean();
  if (!current) throw notFound('rule');
  await Rule.deleteOne({ _id: key });
  await audit({
    actor: approval?.approvedBy ?? user.username,
    action: 'rule.deleted',
    entity: 'rule',
    entityId: key,
    before: { version: current.version, enabled: current.enabled },
    ...(approval ? { after: { requestedBy: user.username, changeId: approval.changeId } } : {}),
  });
  await bumpRulesCounter();
}

export interface BacktestView {
  events: number;
  transitions: (Omit<TimelineEntry, 'at'> & { at: string })[];
  /** The metric over the range for drawing: `[ISO time, value]`, thinned to at most BACKTEST_SERIES_POINTS, suspect readings left out. */
  series: [string, number][];
}

/** Points drawn of the metric in a backtest chart (each bucket's low and high kept). */
export const BACKTEST_SERIES_POINTS = 1500;

/** The transitions `rule` would have produced over the stored events of its source in [from, to]. */
export async function backtestRule(rule: RuleDefinition, from: Date, to: Date): Promise<BacktestView> {
  if (to <= from) throw badRequest('`to` must be after `from`');
  const filter = { ...(rule.source ? { source: rule.source } : { sourceType: rule.sourceType }), metric: rule.metric, observedAt: { $gte: from, $lte: to } };
  const docs = await StoredEvent.collection
    .find(filter as never)
    .sort({ observedAt: 1 })
    .limit(MAX_BACKTEST_EVENTS + 1)
    .toArray();
  if (docs.length > MAX_BACKTEST_EVENTS) throw badRequest(`more than ${MAX_BACKTEST_EVENTS} events in the range; narrow it`);
  // The clock's transitions (pending elapsed, silence) are placed up to the end of the range, or now if sooner.
  const until = Math.min(to.getTime(), Date.now());
  const result = await backtest(new RuleIndex([{ ...rule, enabled: true }]), docs as unknown as EvaluableEvent[], until);
  const points = docs.filter((d) => !d.suspect && typeof d.value === 'number').map((d) => [(d.observedAt as Date).getTime(), d.value as number] as const);
  return {
    events: result.events,
    transitions: result.transitions.map((t) => ({ ...t, at: new Date(t.at).toISOString() })),
    series: downsample(points, BACKTEST_SERIES_POINTS).map(([t, v]) => [new Date(t).toISOString(), v]),
  };
}

export async function backtestStored(key: string, from: Date, to: Date): Promise<BacktestView> {
  const doc = await Rule.findById(key).lean();
  if (!doc) throw notFound('rule');
  return backtestRule(toDefinition(doc as never), from, to);
}
