import { Form, SopHead, SopVersion, audit, formVersionId } from '../../model';
import type { SopGraph } from '../../sop/graph';
import type { AuthUser } from '../auth/middleware';
import { badRequest, conflict, notFound } from '../http-errors';
import { checkComponents } from './component-tree';
import type { FormVersionBody } from './schemas';
import { validateSubmission } from './validate-submission';

interface StoredForm {
  _id: string;
  key: string;
  version: number;
  title: string;
  components?: unknown[];
  createdAt?: Date;
  updatedAt?: Date;
}

function view(d: StoredForm) {
  const { _id, ...rest } = d;
  return { id: _id, ...rest };
}

/** Each form key once: its title and latest version. Forms are few, so all version headers are read and grouped here. */
export async function listForms() {
  const docs = await Form.find({}, { key: 1, version: 1, title: 1, createdAt: 1, updatedAt: 1 }).lean<StoredForm[]>();
  const latest = new Map<string, StoredForm>();
  for (const d of docs) if ((latest.get(d.key)?.version ?? 0) < d.version) latest.set(d.key, d);
  const items = [...latest.values()]
    .sort((a, b) => a.key.localeCompare(b.key))
    .map((d) => ({ key: d.key, title: d.title, latestVersion: d.version, updatedAt: d.createdAt ?? d.updatedAt ?? null }));
  return { items, total: items.length };
}

export async function listFormVersions(key: string) {
  const docs = await Form.find({ key }, { components: 0 }).sort({ version: -1 }).limit(500).lean<StoredForm[]>();
  if (docs.length === 0) throw notFound('form');
  return { items: docs.map(view) };
}

async function latestVersion(key: string): Promise<number> {
  const [last] = await Form.find({ key }, { version: 1 }).sort({ version: -1 }).limit(1).lean<StoredForm[]>();
  return last?.version ?? 0;
}

export async function getFormVersion(key: string, version?: number) {
  const v = version ?? (await latestVersion(key));
  const doc = v ? await Form.findById(formVersionId(key, v)).lean<StoredForm>() : null;
  if (!doc) throw notFound(version ? 'form version' : 'form');
  return view(doc);
}

/**
 * Stores a new immutable version (latest + 1). The `key@version` `_id` makes two concurrent saves
 * of the same version collide on the primary key; the loser gets 409 instead of overwriting.
 */
export async function createFormVersion(user: AuthUser, key: string, body: FormVersionBody) {
  const problems = checkComponents(body.components);
  if (problems.length > 0) throw badRequest(`invalid form: ${problems[0]!.field}: ${problems[0]!.message}`, problems);
  const previous = await latestVersion(key);
  const version = previous + 1;
  try {
    await new Form({ _id: formVersionId(key, version), key, version, title: body.title, components: body.components }).save();
  } catch (err) {
    if ((err as { code?: number }).code === 11000) throw conflict('the form was saved at the same time; reload and try again');
    throw err;
  }
  await audit({
    actor: user.username,
    action: 'form.version.created',
    entity: 'form',
    entityId: key,
    before: previous ? { version: previous } : undefined,
    after: { version, title: body.title, components: body.components.length },
  });
  return getFormVersion(key, version);
}

/** Runs a test submission through the same server-side validation a completed step gets: per-field errors, as the operator would see them. */
export async function previewValidate(key: string, data: Record<string, unknown>, version?: number) {
  const form = await getFormVersion(key, version);
  const result = validateSubmission((form.components ?? []) as never[], data);
  return { key, version: form.version, valid: result.errors.length === 0, errors: result.errors, data: result.data };
}

/** Deployed SOP versions whose user tasks use this form. SOP versions are few, so their compiled graphs are scanned here. */
export async function formUsage(key: string) {
  const [versions, heads] = await Promise.all([
    SopVersion.find({}, { key: 1, version: 1, name: 1, graph: 1, deployedAt: 1 }).lean(),
    SopHead.find({}, { latestVersion: 1 }).lean(),
  ]);
  const latest = new Map(heads.map((h) => [h._id, h.latestVersion]));
  const items = [];
  for (const sop of versions) {
    const graph = sop.graph as SopGraph;
    for (const node of Object.values(graph.nodes ?? {})) {
      if (node.kind !== 'userTask' || node.form?.key !== key) continue;
      items.push({
        sopKey: sop.key,
        sopVersion: sop.version,
        sopName: sop.name,
        latestSopVersion: latest.get(sop.key) === sop.version,
        elementId: node.id,
        elementName: node.name ?? null,
        formVersion: node.form.version,
      });
    }
  }
  items.sort((a, b) => a.sopKey.localeCompare(b.sopKey) || b.sopVersion - a.sopVersion || a.elementId.localeCompare(b.elementId));
  return { items };
}
