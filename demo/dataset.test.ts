// The demo dataset holds together: every SOP compiles against the seeded forms, every rule is one an
// admin could save and names a seeded SOP and a seeded source's metric, every KPI passes the API.
import { kpiBody, kpiKey } from '../api/kpis/kpi-schema';
import { ruleBody, ruleKeyParam } from '../api/rules/schemas';
import { SOURCE_TYPES } from '../api/sources/catalogue';
import { validateRule } from '../rules/rule-index';
import type { ServiceTaskNode, SopGraph, UserTaskNode } from '../sop/graph';
import { DEMO_USERS, KPIS, SOPS, SOURCES, UNITS } from './dataset';
import { FORMS } from './forms';
import { RULES } from './rules';
import { compileDemoSop, demoRuleIndex, demoSourceSpec } from './test-support';

const unitIds = new Set(UNITS.map((u) => u._id));
const graphs = new Map<string, SopGraph>();

beforeAll(async () => {
  for (const s of SOPS) graphs.set(s.key, (await compileDemoSop(s.key)).graph);
});

const nodesOf = <K extends 'userTask' | 'serviceTask'>(graph: SopGraph, kind: K) =>
  Object.values(graph.nodes).filter((n) => n.kind === kind) as (K extends 'userTask' ? UserTaskNode : ServiceTaskNode)[];

/** The units a selector's unit covers as `members` (itself and below). */
function subtree(unit: string): string[] {
  const out = [unit];
  for (let i = 0; i < out.length; i++) out.push(...UNITS.filter((u) => u.parent === out[i]).map((u) => u._id));
  return out;
}

describe('demo SOPs', () => {
  it.each(SOPS.map((s) => s.key))('%s compiles without problems or warnings, its process id being its key', async (key) => {
    const { graph, warnings } = await compileDemoSop(key); // throws SopCompileError naming every problem
    expect(warnings).toEqual([]);
    expect(graph.processId).toBe(key);
  });

  it.each(SOPS.map((s) => s.key))('%s: every step has a seeded form, an SLA and a unit that exists (or a FEEL assignment)', (key) => {
    const tasks = nodesOf(graphs.get(key)!, 'userTask');
    expect(tasks.length).toBeGreaterThanOrEqual(2);
    for (const task of tasks) {
      expect({ id: task.id, form: task.form && FORMS.some((f) => f.key === task.form!.key) }).toEqual({ id: task.id, form: true });
      expect({ id: task.id, sla: task.sla !== undefined }).toEqual({ id: task.id, sla: true });
      const unit = task.assignee.unit;
      if (typeof unit === 'string') expect(unitIds).toContain(unit);
      else expect(unit?.feel).toBeDefined();
      for (const level of task.escalation?.levels ?? []) if (level.unit) expect(unitIds).toContain(level.unit);
    }
  });

  it('sends notifications only to recipients some demo user matches (an empty selection fails the step)', () => {
    const notifies = [...graphs.values()].flatMap((g) => nodesOf(g, 'serviceTask')).filter((n) => n.serviceType === 'notify');
    expect(notifies.length).toBeGreaterThan(0);
    for (const n of notifies) {
      const { recipientUnit: unit, recipientRole: role } = n.params as Record<string, string | undefined>;
      const matches = DEMO_USERS.filter((u) => (!unit || subtree(unit).includes(u.unit)) && (!role || u.roles.includes(role as never)));
      expect({ step: n.id, matches: matches.length > 0 }).toEqual({ step: n.id, matches: true });
    }
  });
});

describe('demo rules', () => {
  const rules = demoRuleIndex().rules;

  it('are enabled, pass validateRule and the API schema an admin saves them through', () => {
    expect(rules).toHaveLength(RULES.length);
    for (const { _id, ...stored } of RULES) {
      expect(ruleKeyParam.safeParse({ key: _id }).success).toBe(true);
      // What an admin PUTs: the stored rule without its key and version (the API adds both).
      const body = Object.fromEntries(Object.entries(stored).filter(([field]) => field !== 'version'));
      const parsed = ruleBody.safeParse(body);
      expect({ rule: _id, issues: parsed.error?.issues ?? [] }).toEqual({ rule: _id, issues: [] });
    }
    for (const rule of rules) expect(() => validateRule(rule)).not.toThrow();
  });

  it('each starts a seeded SOP and reads a metric a seeded source of its source (type) has', () => {
    for (const rule of rules) {
      expect(SOPS.map((s) => s.key)).toContain(rule.action.sopKey);
      const sources = SOURCES.filter((s) => (rule.source ? s._id === rule.source : s.type === rule.sourceType));
      expect({ rule: rule.key, sources: sources.length > 0 }).toEqual({ rule: rule.key, sources: true });
      for (const s of sources) expect(s.metrics.map((m) => m.key)).toContain(rule.metric);
      const type = SOURCE_TYPES[sources[0]!.type as keyof typeof SOURCE_TYPES];
      expect(type.metrics.map((m) => m.key)).toContain(rule.metric);
    }
  });

  it('render their key, title and SOP variables without a placeholder left over', async () => {
    const index = demoRuleIndex();
    for (const rule of rules) {
      const id = rule.source ?? SOURCES.find((s) => s.type === rule.sourceType)!._id;
      const spec = demoSourceSpec(id)!;
      const facts = { source: id, metric: rule.metric, value: 'x', unit: spec.unit, type: spec.type, observedAt: '2026-11-25T13:00:00.000Z' };
      const match = (await index.evaluate(facts)).find((m) => m.rule.key === rule.key)!;
      const rendered = JSON.stringify([match.correlationKey, match.title, match.variables]);
      expect({ rule: rule.key, rendered: rendered.includes('{{') }).toEqual({ rule: rule.key, rendered: false });
    }
  });
});

/** Paths of arrays held directly in arrays, which FerretDB 1.24 refuses to store ("nested arrays are not supported"). */
function nestedArrays(value: unknown, at = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => (Array.isArray(v) ? [`${at}[${i}]`] : nestedArrays(v, `${at}[${i}]`)));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => nestedArrays(v, `${at}.${k}`));
  return [];
}

describe('demo catalogue', () => {
  it('stores on FerretDB 1.24: no document holds an array directly inside an array', () => {
    expect(nestedArrays({ UNITS, DEMO_USERS, FORMS, RULES, KPIS, SOURCES })).toEqual([]);
  });

  it('has KPIs the API accepts, public-service ones among them', () => {
    for (const { _id, ...body } of KPIS) {
      expect(kpiKey.safeParse(_id).success).toBe(true);
      const parsed = kpiBody.safeParse(body);
      expect({ kpi: _id, issues: parsed.error?.issues ?? [] }).toEqual({ kpi: _id, issues: [] });
    }
    expect(KPIS.map((k) => k._id)).toEqual(expect.arrayContaining(['overdue-dossiers', 'dossiers-on-time', 'dossiers-online']));
  });

  it('places every user and unit in the unit tree, and has an operator for the IOC and the lighting team', () => {
    for (const u of UNITS) if (u.parent) expect(unitIds).toContain(u.parent);
    for (const u of DEMO_USERS) expect(unitIds).toContain(u.unit);
    for (const unit of ['ioc', 'doi-chieu-sang']) expect(DEMO_USERS.some((u) => u.unit === unit && u.roles.includes('operator'))).toBe(true);
  });
});
