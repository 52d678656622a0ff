import { isSupervisor, type AuthUser } from '../auth/middleware';
import type { LiveRecord } from './live-feed';

/**
 * May this user hear of the change? The same reach as the REST endpoints the client refetches
 * through: leaders and admins everything (`incidentScopeFilter`); operators their unit subtree,
 * what names them (assignee, candidate user, told of a directive), and city-wide incidents
 * (no unit) with their comments. A task without a unit reaches only the users it names.
 */
export function canHear(user: AuthUser, change: Pick<LiveRecord, 'entity' | 'unit' | 'users'>): boolean {
  if (isSupervisor(user)) return true;
  if (change.users.includes(user.username)) return true;
  if (change.unit) return user.scopeUnits.includes(change.unit);
  return change.entity !== 'task';
}
