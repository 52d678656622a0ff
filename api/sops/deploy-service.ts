import { Form, SopHead, SopVersion, audit, sopVersionId } from '../../model';
import { compileSop, type CompiledSop } from '../../sop/compiler';
import { SopCompileError, type CompileProblem } from '../../sop/errors';

/** Latest version per form key and the set of `key@version` ids, for resolving user-task forms at compile time. */
async function formResolver(): Promise<(key: string, version?: number) => number | undefined> {
  const forms = await Form.find({}, { key: 1, version: 1 }).lean();
  const latest = new Map<string, number>();
  const ids = new Set<string>();
  for (const f of forms) {
    ids.add(`${f.key}@${f.version}`);
    latest.set(f.key, Math.max(latest.get(f.key) ?? 0, f.version));
  }
  return (key, version) => (version ? (ids.has(`${key}@${version}`) ? version : undefined) : latest.get(key));
}

/**
 * Whether an SOP (any version, or an exact one) is deployed, for call activities. Reads the heads (one small document
 * per key): versions are numbered 1..latestVersion without gaps. An SOP being deployed may call itself only once it
 * already has a deployed version.
 */
async function sopResolver(): Promise<(key: string, version?: number) => boolean> {
  const heads = await SopHead.find({}, { latestVersion: 1 }).lean();
  const latest = new Map(heads.map((h) => [h._id, h.latestVersion]));
  return (key, version) => {
    const head = latest.get(key);
    return head !== undefined && (version === undefined || (version >= 1 && version <= head));
  };
}

/** Compiles against the deployed forms and SOPs a deploy would see, storing nothing: the graph, or every problem. */
export async function tryCompile(bpmnXml: string): Promise<{ compiled: CompiledSop } | { errors: CompileProblem[] }> {
  try {
    return { compiled: await compileSop(bpmnXml, { resolveForm: await formResolver(), resolveSop: await sopResolver() }) };
  } catch (err) {
    if (err instanceof SopCompileError) return { errors: err.errors };
    throw err;
  }
}

/** The designer's dry run, called as the admin draws, to mark the problems on the diagram before deploying. */
export async function checkSop(bpmnXml: string): Promise<{ errors: CompileProblem[]; warnings: CompileProblem[] }> {
  const result = await tryCompile(bpmnXml);
  return 'errors' in result ? { errors: result.errors, warnings: [] } : { errors: [], warnings: result.compiled.warnings };
}

/**
 * Compiles and stores a new immutable SOP version. Version numbers are claimed by inserting
 * `key@n` (the primary key makes two concurrent deploys pick different numbers), then the head moves forward.
 */
export async function deploySop(input: {
  key: string;
  bpmnXml: string;
  deployedBy: string;
  /** Under four eyes: the admin who approved, and the change request deployed. */
  approval?: { approvedBy: string; changeId: string };
}): Promise<{ key: string; version: number; compiled: CompiledSop }> {
  const compiled = await compileSop(input.bpmnXml, { resolveForm: await formResolver(), resolveSop: await sopResolver() });
  let version = ((await SopHead.findById(input.key).lean())?.latestVersion ?? 0) + 1;
  for (;;) {
    try {
      await SopVersion.collection.insertOne({
        _id: sopVersionId(input.key, version),
        key: input.key,
        version,
        name: compiled.graph.name,
        bpmnXml: input.bpmnXml,
        graph: compiled.graph,
        graphHash: compiled.graphHash,
        deployedBy: input.deployedBy,
        deployedAt: new Date(),
        ...input.approval,
      } as never);
      break;
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
      version += 1;
    }
  }
  await SopHead.updateOne({ _id: input.key }, { $max: { latestVersion: version }, $set: { name: compiled.graph.name } }, { upsert: true });
  await audit({
    // Under four eyes the approver makes the version go live; the author is kept beside it.
    actor: input.approval?.approvedBy ?? input.deployedBy,
    action: 'sop.deployed',
    entity: 'sop',
    entityId: sopVersionId(input.key, version),
    after: { graphHash: compiled.graphHash, ...(input.approval ? { requestedBy: input.deployedBy, changeId: input.approval.changeId } : {}) },
  });
  return { key: input.key, version, compiled };
}
