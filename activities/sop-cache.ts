import { SopVersion, SopHead, sopVersionId } from '../model';
import type { SopGraph, SopRef } from '../sop/graph';

/**
 * Deployed SOP versions never change, so the worker keeps each compiled graph in memory after
 * the first load. Bounded (least recently used goes first) so thousands of versions cannot grow it forever.
 */
export class SopGraphCache {
  private readonly graphs = new Map<string, SopGraph>();
  constructor(private readonly limit = 200) {}

  async resolve(key: string, version?: number): Promise<SopRef> {
    const v = version ?? (await SopHead.findById(key).lean())?.latestVersion;
    if (v === undefined) throw new SopNotFoundError(key, version);
    const doc = await SopVersion.findById(sopVersionId(key, v), { graphHash: 1 }).lean();
    if (!doc) throw new SopNotFoundError(key, v);
    return { key, version: v, graphHash: doc.graphHash };
  }

  async load(ref: SopRef): Promise<SopGraph> {
    const id = `${sopVersionId(ref.key, ref.version)}#${ref.graphHash}`;
    const cached = this.graphs.get(id);
    if (cached) {
      this.graphs.delete(id);
      this.graphs.set(id, cached); // refresh recency
      return cached;
    }
    const doc = await SopVersion.findById(sopVersionId(ref.key, ref.version), { graph: 1, graphHash: 1 }).lean();
    if (!doc || doc.graphHash !== ref.graphHash) throw new SopNotFoundError(ref.key, ref.version);
    const graph = upgradeGraph(doc.graph as SopGraph);
    this.graphs.set(id, graph);
    if (this.graphs.size > this.limit) this.graphs.delete(this.graphs.keys().next().value!);
    return graph;
  }
}

export class SopNotFoundError extends Error {
  override name = 'SopNotFoundError';
  constructor(
    readonly sopKey: string,
    readonly version?: number,
  ) {
    super(`SOP ${sopKey}${version !== undefined ? ` version ${version}` : ''} is not deployed`);
  }
}

/** Versions deployed before graph format 2 (end events had `terminate: boolean`) run on the v2 engine too. */
function upgradeGraph(graph: SopGraph): SopGraph {
  if ((graph.format as number) !== 1) return graph;
  const nodes = Object.fromEntries(
    Object.entries(graph.nodes).map(([id, node]) => {
      const legacy = node as unknown as { kind: string; terminate?: boolean };
      if (legacy.kind === 'endEvent') return [id, { ...node, end: legacy.terminate ? 'terminate' : 'none' }];
      if (legacy.kind === 'userTask') return [id, { skippable: false, ...node }];
      return [id, node];
    }),
  ) as SopGraph['nodes'];
  return { ...graph, format: 2, nodes };
}
