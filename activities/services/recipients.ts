import { ApplicationFailure } from '@temporalio/common';
import { Unit, User } from '../../model';
import { ServiceFailure } from './errors';

export interface RecipientSelector {
  unit?: string;
  role?: string;
  user?: string;
  /** `members` (default): users in the unit or below it. `covering`: users in the unit or above it — those responsible for it. */
  match?: 'members' | 'covering';
}

export interface Recipient {
  username: string;
  displayName: string;
  email?: string;
}

export function describeSelector(s: RecipientSelector): string {
  const parts = [s.user ? `user=${s.user}` : '', s.unit ? `unit=${s.unit}` : '', s.unit ? `match=${s.match ?? 'members'}` : '', s.role ? `role=${s.role}` : ''].filter(Boolean);
  return parts.length ? parts.join(' ') : '(empty selector)';
}

export const isEmptySelector = (s: RecipientSelector) => !s.user && !s.unit && !s.role;

type UnitParents = Map<string, string | undefined>;

/** The unit and every unit below it. */
function descendantsOf(unit: string, parents: UnitParents): Set<string> {
  const result = new Set([unit]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [id, parent] of parents) {
      if (parent && result.has(parent) && !result.has(id)) {
        result.add(id);
        grew = true;
      }
    }
  }
  return result;
}

/** The unit and every unit above it (guarded against a cycle in bad data). */
function ancestorsOf(unit: string, parents: UnitParents): Set<string> {
  const result = new Set<string>();
  for (let id: string | undefined = unit; id && !result.has(id); id = parents.get(id)) result.add(id);
  return result;
}

/**
 * Resolves a selector to active users: `user` names one; `unit` selects members (or, with
 * `match: 'covering'`, those covering the unit), narrowed by `role`; `role` alone selects everyone
 * with the role. The parts are united, de-duplicated and sorted by username.
 *
 * Users and units are each read once per call: on FerretDB any query but an exact `_id` scans the
 * collection anyway, and both collections are small (a city has tens of units and hundreds of users).
 *
 * @throws ApplicationFailure `NoRecipients` (non-retryable) when nobody matches.
 */
export async function resolveRecipients(selector: RecipientSelector): Promise<Recipient[]> {
  const users = await User.find({ disabled: { $ne: true } }, { displayName: 1, roles: 1, unit: 1, email: 1 }).lean();
  const chosen = new Map<string, Recipient>();
  const add = (u: (typeof users)[number]) => chosen.set(u._id, { username: u._id, displayName: u.displayName, ...(u.email ? { email: u.email } : {}) });
  const hasRole = (u: (typeof users)[number]) => !selector.role || (u.roles as string[]).includes(selector.role);

  if (selector.user) {
    const named = users.find((u) => u._id === selector.user);
    if (named) add(named);
  }
  if (selector.unit) {
    const units = await Unit.find({}, { parent: 1 }).lean();
    const parents: UnitParents = new Map(units.map((u) => [u._id, u.parent ?? undefined]));
    const inScope = selector.match === 'covering' ? ancestorsOf(selector.unit, parents) : descendantsOf(selector.unit, parents);
    for (const u of users) if (inScope.has(u.unit) && hasRole(u)) add(u);
  } else if (selector.role) {
    for (const u of users) if (hasRole(u)) add(u);
  }

  if (chosen.size === 0) {
    throw ApplicationFailure.nonRetryable(`no active user matches the recipients ${describeSelector(selector)}`, ServiceFailure.NoRecipients, { selector });
  }
  return [...chosen.values()].sort((a, b) => (a.username < b.username ? -1 : a.username > b.username ? 1 : 0));
}
