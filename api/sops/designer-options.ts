import { Form, ROLES, Unit, User } from '../../model';

/**
 * What the SOP designer offers in its pickers: the org tree (assignee and escalation units), the
 * roles, the active users, and the deployed forms with their versions. All small collections, read whole.
 */
export async function designerOptions() {
  const [units, users, forms] = await Promise.all([
    Unit.find({}, { name: 1, kind: 1, parent: 1 }).lean(),
    User.find({}, { displayName: 1, unit: 1, disabled: 1 }).lean(),
    Form.find({}, { key: 1, version: 1, title: 1 }).lean(),
  ]);
  return {
    units: units.map((u) => ({ id: u._id, name: u.name, kind: u.kind, parent: u.parent ?? null })).sort((a, b) => a.id.localeCompare(b.id)),
    roles: [...ROLES],
    users: users
      .filter((u) => !u.disabled)
      .map((u) => ({ username: u._id, displayName: u.displayName, unit: u.unit }))
      .sort((a, b) => a.username.localeCompare(b.username)),
    forms: forms.map((f) => ({ key: f.key, version: f.version, title: f.title })).sort((a, b) => a.key.localeCompare(b.key) || b.version - a.version),
  };
}
