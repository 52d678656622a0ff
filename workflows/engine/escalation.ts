/**
 * SLAs without drawing them: the due time, a reminder before it, and a PagerDuty-style escalation
 * chain after it — levels with their own timeouts, repeated, stopped by a claim and re-armed when
 * a claimed step sits untouched past the acknowledgement timeout.
 */
import { isoDurationToMs } from '../../sop/duration';
import type { EscalationPolicy, UserTaskNode } from '../../sop/graph';
import { EngineCore, optional } from './core';
import { resolveDynamic, resolveString, toDurationMs } from './expressions';
import type { ExecState, Subscription } from './state';

/** With an SLA but no escalation drawn, a breach tells the leaders responsible for the unit. */
const DEFAULT_ESCALATION: EscalationPolicy = { levels: [{ role: 'leader', after: 'PT1H' }], repeat: 1 };

export abstract class EscalatingEngine extends EngineCore {
  /** Sets the due time of a new human step and arms its reminder and the start of its escalation chain. */
  protected armSla(exec: ExecState, node: UserTaskNode, context: Record<string, unknown>): void {
    if (node.sla === undefined) return;
    exec.dueAt = this.now() + toDurationMs(resolveDynamic(node.sla, context, node.id), node.id);
    if (node.reminder) {
      const remindAt = exec.dueAt - isoDurationToMs(node.reminder);
      if (remindAt > this.now()) this.addTimerSub(exec.id, 'reminder', remindAt);
    }
    this.addTimerSub(exec.id, 'escalate', exec.dueAt, { level: 0, round: 1 });
  }

  /** A claim stops the chain (and starts the acknowledgement timeout), a release re-arms it, escalate-now tells the next level. */
  protected onTaskEvent(exec: ExecState, event: 'taskClaimed' | 'taskReleased' | 'escalateNow'): void {
    switch (event) {
      case 'taskClaimed': {
        exec.claimed = true;
        exec.ackExpired = false;
        this.cancelSubs(exec.id, ['escalate', 'ack']);
        const ack = this.escalationPolicy(exec)?.ackTimeout;
        if (ack) this.addTimerSub(exec.id, 'ack', this.now() + isoDurationToMs(ack));
        return;
      }
      case 'taskReleased':
        exec.claimed = false;
        this.cancelSubs(exec.id, ['ack']);
        // The claim stopped the chain: it starts again (now when overdue, else at the due time).
        if (!this.subsOf(exec.id, 'escalate').length) this.rearmEscalation(exec);
        return;
      case 'escalateNow': {
        const policy = this.escalationPolicy(exec);
        if (!policy) return;
        this.cancelSubs(exec.id, ['escalate']);
        const next = Math.min((exec.escalation?.level ?? -1) + 1, policy.levels.length - 1);
        this.escalate(exec, next, exec.escalation?.round ?? 1, true);
        return;
      }
    }
  }

  /** A reminder, escalation or acknowledgement timer fired. */
  protected onSlaTimer(exec: ExecState, sub: Subscription): void {
    delete this.state.subs[sub.id];
    switch (sub.purpose) {
      case 'reminder':
        this.commands.push({
          type: 'notifyTask',
          key: `${exec.taskId}:reminder`,
          taskId: exec.taskId!,
          stepId: exec.nodeId,
          kind: 'reminder',
          recipients: this.taskRecipients(exec),
        });
        return;
      case 'escalate':
        this.escalate(exec, sub.level ?? 0, sub.round ?? 1);
        return;
      case 'ack':
        if (!exec.claimed) return;
        exec.ackExpired = true; // claimed but untouched: the chain runs again
        this.rearmEscalation(exec);
        return;
      default:
        return;
    }
  }

  /** Starts the escalation chain from its first level: now when the step is overdue, else when it falls due. */
  protected rearmEscalation(exec: ExecState): void {
    if (exec.dueAt === undefined) return;
    if (this.now() >= exec.dueAt) this.escalate(exec, 0, 1);
    else this.addTimerSub(exec.id, 'escalate', exec.dueAt, { level: 0, round: 1 });
  }

  protected escalationPolicy(exec: ExecState): EscalationPolicy | undefined {
    const node = this.node(exec.nodeId);
    if (node.kind !== 'userTask' || node.sla === undefined) return undefined;
    return node.escalation ?? DEFAULT_ESCALATION;
  }

  /** Tells escalation level `level` (unless a claim stopped the chain) and arms the next level. */
  protected escalate(exec: ExecState, level: number, round: number, forced = false): void {
    const policy = this.escalationPolicy(exec);
    if (!policy || !exec.taskId) return;
    if (exec.claimed && !exec.ackExpired && !forced) return;
    const step = policy.levels[level]!;
    exec.escalation = { level, round };
    this.commands.push({
      type: 'notifyTask',
      key: `${exec.taskId}:escalation:${round}:${level + 1}:${this.state.nextId}`,
      taskId: exec.taskId,
      stepId: exec.nodeId,
      kind: 'escalation',
      level: level + 1,
      round,
      recipients:
        step.unit || step.user
          ? { ...optional('unit', step.unit), ...optional('role', step.role), ...optional('user', step.user) }
          : { ...optional('unit', exec.taskUnit), ...optional('role', step.role), match: 'covering' },
    });
    const wait = isoDurationToMs(step.after);
    if (level + 1 < policy.levels.length) this.addTimerSub(exec.id, 'escalate', this.now() + wait, { level: level + 1, round });
    else if (round < policy.repeat) this.addTimerSub(exec.id, 'escalate', this.now() + wait, { level: 0, round: round + 1 });
  }

  protected taskRecipients(exec: ExecState) {
    const node = this.node(exec.nodeId) as UserTaskNode;
    const context = this.context(exec.scopeId);
    const user = resolveString(node.assignee.user, context, node.id);
    const role = resolveString(node.assignee.role, context, node.id);
    return user ? { user } : { ...optional('unit', exec.taskUnit), ...optional('role', role) };
  }
}
