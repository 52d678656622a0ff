import type { QueryFilter } from 'mongoose';
import { Incident, SopHead, SopVersion, Task, Unit, sopVersionId, type IncidentDoc } from '../../model';
import type { AuthUser } from '../auth/middleware';
import { unprocessable } from '../http-errors';
import { incidentScopeFilter } from '../incidents/operations';
import { INCIDENT_FIELDS, TASK_FIELDS, type IncidentFacts, type TaskFacts } from './facts';
import { OrgTree } from './org-tree';
import type { MetricsQuery } from './schemas';

/** Most incidents one view computes over; beyond it the caller is asked to narrow the period. */
export const MAX_PERIOD_INCIDENTS = 20_000;
/** Most incidents the map and drill-down list (the newest). */
export const MAX_LISTED_INCIDENTS = 2_000;
/** Incident ids per task query: FerretDB reads the whole tasks collection for each, so few and large. */
const TASK_CHUNK = 1_000;

/**
 * Loads the bounded sets the views compute over. On FerretDB every non-`_id` query reads its
 * whole collection, so each view makes as few queries as it can: the incidents of the period (one
 * query), their tasks (one per 1,000 incidents), the small units and SOP collections.
 */
export class MetricsService {
  constructor(private readonly limits = { maxIncidents: MAX_PERIOD_INCIDENTS, maxListed: MAX_LISTED_INCIDENTS }) {}

  async org(): Promise<OrgTree> {
    return new OrgTree(await Unit.find({}, { name: 1, kind: 1, parent: 1 }).lean());
  }

  async sopNames(): Promise<Map<string, string>> {
    return new Map((await SopHead.find({}, { name: 1 }).lean()).map((s) => [s._id, s.name]));
  }

  /** The caller's scope and the SOP, unit and severity filters, as one incident filter. */
  filter(user: AuthUser, q: MetricsQuery, org: OrgTree): QueryFilter<IncidentDoc> {
    if (q.unit && !org.has(q.unit)) throw unprocessable(`unit ${q.unit} does not exist`, [{ field: 'unit', message: 'no such unit' }]);
    const parts: QueryFilter<IncidentDoc>[] = [incidentScopeFilter(user)];
    if (q.sop) parts.push({ sopKey: q.sop });
    if (q.severity) parts.push({ severity: q.severity });
    if (q.unit) {
      // Incidents without a unit are city-wide: they belong to the city's subtree, not to any ward's.
      const inSubtree = { unit: { $in: org.subtree(q.unit) } };
      parts.push(org.isRoot(q.unit) ? { $or: [inSubtree, { unit: { $exists: false } }, { unit: null }] } : inSubtree);
    }
    return { $and: parts };
  }

  /** Incidents opened within the period. */
  async periodIncidents(filter: QueryFilter<IncidentDoc>, q: MetricsQuery): Promise<IncidentFacts[]> {
    return this.findAll({ $and: [filter, { openedAt: { $gte: q.from, $lte: q.to } }] });
  }

  /** The newest incidents of the period, and whether there were more. */
  async newestIncidents(filter: QueryFilter<IncidentDoc>, q: MetricsQuery): Promise<{ incidents: IncidentFacts[]; truncated: boolean }> {
    const { maxListed } = this.limits;
    const found = await this.find({ $and: [filter, { openedAt: { $gte: q.from, $lte: q.to } }] }, maxListed + 1);
    return { incidents: found.slice(0, maxListed), truncated: found.length > maxListed };
  }

  /** Incidents resolved within the period, wherever they were opened (the trend's resolved counts). */
  async resolvedIncidents(filter: QueryFilter<IncidentDoc>, q: MetricsQuery): Promise<IncidentFacts[]> {
    return this.findAll({ $and: [filter, { resolvedAt: { $gte: q.from, $lte: q.to } }] });
  }

  /** Incidents open or monitoring now, whenever opened (a city has tens, not thousands). */
  async openIncidents(filter: QueryFilter<IncidentDoc>): Promise<IncidentFacts[]> {
    return this.findAll({ $and: [filter, { status: { $in: ['open', 'monitoring'] } }] });
  }

  async tasksOf(incidents: readonly IncidentFacts[]): Promise<TaskFacts[]> {
    const ids = incidents.map((i) => i._id);
    const tasks: TaskFacts[] = [];
    for (let k = 0; k < ids.length; k += TASK_CHUNK) {
      tasks.push(...((await Task.find({ incidentId: { $in: ids.slice(k, k + TASK_CHUNK) } }, TASK_FIELDS).lean()) as TaskFacts[]));
    }
    return tasks;
  }

  /** The latest deployed version's BPMN, for the step heatmap; null when the SOP was never deployed. */
  async diagram(sopKey: string): Promise<{ version: number; xml: string } | null> {
    const head = await SopHead.findById(sopKey, { latestVersion: 1 }).lean();
    if (!head) return null;
    const version = await SopVersion.findById(sopVersionId(sopKey, head.latestVersion), { version: 1, bpmnXml: 1 }).lean();
    return version ? { version: version.version, xml: version.bpmnXml } : null;
  }

  /** Every match, or 422 past the limit rather than a silently partial number. */
  private async findAll(filter: QueryFilter<IncidentDoc>): Promise<IncidentFacts[]> {
    const { maxIncidents } = this.limits;
    const found = await this.find(filter, maxIncidents + 1);
    if (found.length > maxIncidents) throw unprocessable(`more than ${maxIncidents} incidents to count: narrow the period or the filters`);
    return found;
  }

  private async find(filter: QueryFilter<IncidentDoc>, limit: number): Promise<IncidentFacts[]> {
    return (await Incident.find(filter, INCIDENT_FIELDS).sort({ openedAt: -1 }).limit(limit).lean()) as IncidentFacts[];
  }
}
