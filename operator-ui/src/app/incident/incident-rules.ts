import type { Role } from '@ui/auth';
import type { IncidentStatus, IncidentView, Severity, ThreadEntry } from './incident-api';

export const SEVERITIES: readonly Severity[] = ['info', 'warning', 'critical'];
export const STATUSES: readonly IncidentStatus[] = ['open', 'failed', 'monitoring', 'resolved', 'cancelled'];

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 0, warning: 1, critical: 2 };
/** Open first, then what needs a hand (failed), then watched, then closed. */
const STATUS_RANK: Readonly<Record<IncidentStatus, number>> = { open: 0, failed: 1, monitoring: 2, resolved: 3, cancelled: 4 };

/** The list's order: open before closed, then worst severity, then newest. */
export function byUrgency(a: IncidentView, b: IncidentView): number {
  return (
    (STATUS_RANK[a.status] ?? 9) - (STATUS_RANK[b.status] ?? 9) ||
    (SEVERITY_RANK[b.severity] ?? 0) - (SEVERITY_RANK[a.severity] ?? 0) ||
    Date.parse(b.openedAt) - Date.parse(a.openedAt)
  );
}

/** The severities a leader may raise to (only upwards). */
export function higherSeverities(current: Severity): Severity[] {
  return SEVERITIES.filter((s) => SEVERITY_RANK[s] > SEVERITY_RANK[current]);
}

/** Whether the incident's workflow is still running (operations only make sense then). */
export const isLive = (status: IncidentStatus) => status === 'open' || status === 'monitoring' || status === 'failed';

export interface AllowedOps {
  cancel: boolean;
  raiseSeverity: boolean;
  reassign: boolean;
  escalate: boolean;
  /** Retry and skip a failed step. */
  repairSteps: boolean;
  directive: boolean;
}

/**
 * What the page offers a user: leaders and admins steer (cancel, raise severity, reassign, escalate,
 * directives); anyone who sees the incident may retry or skip a failed step. The API enforces the same.
 */
export function allowedOps(hasRole: (...roles: Role[]) => boolean, incident: Pick<IncidentView, 'status' | 'severity' | 'failedSteps'>): AllowedOps {
  const supervisor = hasRole('leader', 'admin');
  const live = isLive(incident.status);
  return {
    cancel: supervisor && live,
    raiseSeverity: supervisor && live && incident.status !== 'failed' && higherSeverities(incident.severity).length > 0,
    reassign: supervisor && live,
    escalate: supervisor && live,
    repairSteps: live && incident.failedSteps.length > 0,
    directive: supervisor,
  };
}

/** The thread as shown: directives (chỉ đạo) pinned on top, newest first; the other comments below, oldest first. */
export function orderThread(items: readonly ThreadEntry[]): { pinned: ThreadEntry[]; comments: ThreadEntry[] } {
  const time = (e: ThreadEntry) => Date.parse(e.createdAt) || 0;
  const isPinned = (e: ThreadEntry) => e.pinned ?? e.kind === 'directive';
  const indexed = items.map((e, i) => ({ e, i }));
  const pinned = indexed.filter((x) => isPinned(x.e)).sort((a, b) => time(b.e) - time(a.e) || b.i - a.i);
  const comments = indexed.filter((x) => !isPinned(x.e)).sort((a, b) => time(a.e) - time(b.e) || a.i - b.i);
  return { pinned: pinned.map((x) => x.e), comments: comments.map((x) => x.e) };
}
