import type { Role } from '@ui/auth';
import type { IncidentView, ThreadEntry } from './incident-api';
import { allowedOps, byUrgency, higherSeverities, orderThread } from './incident-rules';

const roles =
  (...held: Role[]) =>
  (...wanted: Role[]) =>
    held.some((r) => wanted.includes(r));

describe('thread order', () => {
  const entry = (id: string, kind: 'comment' | 'directive', createdAt: string, pinned?: boolean): ThreadEntry => ({
    id,
    incidentId: 'i',
    author: 'a',
    kind,
    text: id,
    createdAt,
    ...(pinned === undefined ? {} : { pinned }),
  });

  it('pins directives on top, newest first, and keeps comments in time order below', () => {
    const { pinned, comments } = orderThread([
      entry('c2', 'comment', '2026-11-25T02:10:00Z'),
      entry('d1', 'directive', '2026-11-25T02:05:00Z'),
      entry('c1', 'comment', '2026-11-25T02:00:00Z'),
      entry('d2', 'directive', '2026-11-25T02:20:00Z'),
      entry('c3', 'comment', '2026-11-25T02:10:00Z'),
    ]);
    expect(pinned.map((e) => e.id)).toEqual(['d2', 'd1']);
    expect(comments.map((e) => e.id)).toEqual(['c1', 'c2', 'c3']);
  });

  it('follows the API’s pinned flag when it sends one', () => {
    const { pinned, comments } = orderThread([entry('d', 'directive', '2026-11-25T02:00:00Z', false), entry('c', 'comment', '2026-11-25T02:01:00Z', true)]);
    expect(pinned.map((e) => e.id)).toEqual(['c']);
    expect(comments.map((e) => e.id)).toEqual(['d']);
  });
});

describe('operations by role', () => {
  const running = { status: 'open' as const, severity: 'warning' as const, failedSteps: [] };
  const failed = { ...running, failedSteps: [{ stepId: 'notify', errorType: 'x', message: 'y', at: 'z' }] };

  it('lets leaders and admins steer, operators only repair failed steps', () => {
    for (const role of ['leader', 'admin'] as const)
      expect(allowedOps(roles(role), failed)).toEqual({ cancel: true, raiseSeverity: true, reassign: true, escalate: true, repairSteps: true, directive: true });
    expect(allowedOps(roles('operator'), failed)).toEqual({ cancel: false, raiseSeverity: false, reassign: false, escalate: false, repairSteps: true, directive: false });
    expect(allowedOps(roles('operator'), running).repairSteps).toBe(false);
  });

  it('offers nothing to steer on a closed incident, and no raise above critical', () => {
    const closed = allowedOps(roles('leader'), { ...failed, status: 'resolved' });
    expect(closed).toEqual({ cancel: false, raiseSeverity: false, reassign: false, escalate: false, repairSteps: false, directive: true });
    expect(allowedOps(roles('leader'), { ...running, severity: 'critical' }).raiseSeverity).toBe(false);
    expect(higherSeverities('info')).toEqual(['warning', 'critical']);
    expect(higherSeverities('critical')).toEqual([]);
  });
});

describe('incident list order', () => {
  const inc = (id: string, status: IncidentView['status'], severity: IncidentView['severity'], openedAt: string) => ({ id, status, severity, openedAt }) as IncidentView;

  it('puts open incidents first, then the worst severity, then the newest', () => {
    const list = [
      inc('resolved-critical', 'resolved', 'critical', '2026-11-25T05:00:00Z'),
      inc('open-info', 'open', 'info', '2026-11-25T05:00:00Z'),
      inc('open-critical-old', 'open', 'critical', '2026-11-25T01:00:00Z'),
      inc('open-critical-new', 'open', 'critical', '2026-11-25T03:00:00Z'),
      inc('failed-warning', 'failed', 'warning', '2026-11-25T02:00:00Z'),
    ];
    expect(list.sort(byUrgency).map((i) => i.id)).toEqual(['open-critical-new', 'open-critical-old', 'open-info', 'failed-warning', 'resolved-critical']);
  });
});
