import { Source, Unit, User, audit } from '../../model';
import { conflict, notFound, unprocessable } from '../http-errors';
import type { CreateUnitBody, UpdateUnitBody } from './schemas';
import type { UnitScope } from './unit-scope';

export interface UnitView {
  id: string;
  name: string;
  kind: string;
  parent: string | null;
}

export interface UnitNode extends UnitView {
  children: UnitNode[];
}

/** The org tree: reads for anyone signed in, changes audited; every change refreshes the in-memory scope. */
export class UnitService {
  constructor(private readonly scope: UnitScope) {}

  async list(): Promise<UnitView[]> {
    const docs = await Unit.find({}).sort({ _id: 1 }).lean();
    return docs.map(toView);
  }

  async tree(): Promise<UnitNode[]> {
    return buildTree(await this.list());
  }

  async create(actor: string, input: CreateUnitBody): Promise<UnitView> {
    if (input.parent && !(await Unit.exists({ _id: input.parent })))
      throw unprocessable('unknown parent unit', [{ field: 'parent', message: `unknown org unit '${input.parent}'` }]);
    const doc = { _id: input.id, name: input.name, kind: input.kind, ...(input.parent ? { parent: input.parent } : {}) };
    try {
      await Unit.create(doc);
    } catch (err) {
      if ((err as { code?: number }).code === 11000) throw conflict(`unit '${input.id}' already exists`, [{ field: 'id', message: 'already exists' }]);
      throw err;
    }
    this.scope.invalidate();
    const view = toView(doc);
    await audit({ actor, action: 'unit.created', entity: 'unit', entityId: input.id, after: view });
    return view;
  }

  async update(actor: string, id: string, input: UpdateUnitBody): Promise<UnitView> {
    const before = await Unit.findById(id).lean();
    if (!before) throw notFound('unit');
    if (input.parent) await this.checkMove(id, input.parent);
    const set: Record<string, string> = {};
    if (input.name !== undefined) set.name = input.name;
    if (input.kind !== undefined) set.kind = input.kind;
    if (input.parent) set.parent = input.parent;
    const update = { ...(Object.keys(set).length ? { $set: set } : {}), ...(input.parent === null ? { $unset: { parent: 1 } } : {}) };
    const after = Object.keys(update).length ? await Unit.findOneAndUpdate({ _id: id }, update, { returnDocument: 'after' }).lean() : before;
    if (!after) throw notFound('unit');
    this.scope.invalidate();
    await audit({ actor, action: 'unit.updated', entity: 'unit', entityId: id, before: toView(before), after: toView(after) });
    return toView(after);
  }

  /** Refuses to delete a unit anything still hangs on, naming each thing that blocks it. */
  async remove(actor: string, id: string): Promise<void> {
    const before = await Unit.findById(id).lean();
    if (!before) throw notFound('unit');
    const [children, users, sources] = await Promise.all([
      Unit.find({ parent: id }, { _id: 1 }).lean(),
      User.find({ unit: id }, { _id: 1 }).lean(),
      Source.find({ unit: id }, { _id: 1 }).lean(),
    ]);
    const blockers = [
      ...(children.length ? [{ field: 'children', message: `${children.length} child unit(s): ${names(children)}` }] : []),
      ...(users.length ? [{ field: 'users', message: `${users.length} user(s): ${names(users)}` }] : []),
      ...(sources.length ? [{ field: 'sources', message: `${sources.length} source(s): ${names(sources)}` }] : []),
    ];
    if (blockers.length) throw conflict(`unit '${id}' still has ${blockers.map((b) => b.message.split(':')[0]).join(', ')}`, blockers);
    await Unit.deleteOne({ _id: id });
    this.scope.invalidate();
    await audit({ actor, action: 'unit.deleted', entity: 'unit', entityId: id, before: toView(before) });
  }

  /** A unit may not move under itself or any unit below it. */
  private async checkMove(id: string, parent: string): Promise<void> {
    const units = await Unit.find({}, { parent: 1 }).lean();
    const parentOf = new Map(units.map((u) => [u._id, u.parent ?? undefined]));
    if (!parentOf.has(parent)) throw unprocessable('unknown parent unit', [{ field: 'parent', message: `unknown org unit '${parent}'` }]);
    const seen = new Set<string>();
    for (let at: string | undefined = parent; at && !seen.has(at); at = parentOf.get(at)) {
      if (at === id) throw unprocessable('a unit cannot move under itself or one of its own sub-units', [{ field: 'parent', message: `'${parent}' is '${id}' or lies below it` }]);
      seen.add(at);
    }
  }
}

const names = (docs: { _id: string }[]) =>
  docs
    .slice(0, 5)
    .map((d) => d._id)
    .join(', ') + (docs.length > 5 ? ', …' : '');

function toView(doc: { _id: string; name: string; kind: string; parent?: string | null }): UnitView {
  return { id: doc._id, name: doc.name, kind: doc.kind, parent: doc.parent ?? null };
}

/** Flat units → roots with nested children, siblings by name; a unit whose parent is missing becomes a root. */
export function buildTree(units: UnitView[]): UnitNode[] {
  const nodes = new Map(units.map((u) => [u.id, { ...u, children: [] as UnitNode[] }]));
  const roots: UnitNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parent ? nodes.get(node.parent) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const sort = (list: UnitNode[]) => {
    list.sort((a, b) => a.name.localeCompare(b.name, 'vi'));
    list.forEach((n) => sort(n.children));
  };
  sort(roots);
  return roots;
}
