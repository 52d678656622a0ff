/**
 * The engine's foundation: its plain-JSON state, lookups in the graph, FEEL contexts, and the
 * subscriptions (timers and message waits) every layer above arms and cancels.
 */
import type { BoundaryEventNode, SopGraph, SopNode, UserTaskNode } from '../../sop/graph';
import { scheduleTimer } from './expressions';
import type { Command, EngineState, ExecState, ScopeState, Subscription, SubscriptionPurpose } from './state';

/** A graph the engine cannot run, or an expression that failed: names the element at fault. */
export class EngineError extends Error {
  override name = 'EngineError';
  constructor(
    readonly elementId: string,
    message: string,
  ) {
    super(`${elementId}: ${message}`);
  }
}

export const ROOT_SCOPE = 1;
const COMPLETED_STEPS_KEPT = 200;

export interface Token {
  nodeId: string;
  scopeId: number;
  viaFlow?: string;
}

export interface EngineIdentity {
  /** Prefix of task ids and idempotency keys: the incident id (plus the call path in a child). */
  keyPrefix: string;
}

export abstract class EngineCore {
  protected commands: Command[] = [];
  protected tokens: Token[] = [];

  constructor(
    protected readonly graph: SopGraph,
    readonly state: EngineState,
    protected readonly identity: EngineIdentity,
    protected readonly now: () => number,
  ) {}

  static initialState(variables: Record<string, unknown>): EngineState {
    return {
      variables,
      nextId: ROOT_SCOPE + 1,
      scopes: { [ROOT_SCOPE]: { id: ROOT_SCOPE, locals: {} } },
      execs: {},
      subs: {},
      joins: {},
      activations: {},
      completedSteps: [],
      stepCounts: {},
    };
  }

  get done() {
    return this.state.done;
  }

  // ---- questions the shell asks before accepting an update ----

  taskExec(taskId: string): ExecState | undefined {
    return Object.values(this.state.execs).find((e) => e.taskId === taskId);
  }

  /** Why a task cannot be skipped, or undefined when it can. */
  whyNotSkippable(taskId: string): string | undefined {
    const exec = this.taskExec(taskId);
    if (!exec) return 'task is no longer waiting';
    const node = this.node(exec.nodeId) as UserTaskNode;
    return node.skippable ? undefined : `step ${node.id} is required and cannot be skipped`;
  }

  hasMessageSubscriber(name: string): boolean {
    return Object.values(this.state.subs).some((s) => s.message === name);
  }

  failedExec(stepId: string): ExecState | undefined {
    return Object.values(this.state.execs).find((e) => e.nodeId === stepId && e.failed);
  }

  /** Active steps (waiting executions) and failed ones, for the diagram overlay. */
  activeSteps(): { stepId: string; status: 'active' | 'failed'; taskId?: string; dueAt?: number; error?: string }[] {
    return Object.values(this.state.execs)
      .filter((e) => !this.state.execs[e.miItem?.host ?? -1] || e.taskId || e.failed)
      .map((e) => ({
        stepId: e.nodeId,
        status: e.failed ? ('failed' as const) : ('active' as const),
        ...(e.taskId ? { taskId: e.taskId } : {}),
        ...(e.dueAt ? { dueAt: e.dueAt } : {}),
        ...(e.failed ? { error: `${e.failed.errorType}: ${e.failed.message}` } : {}),
      }));
  }

  protected subscribe(exec: ExecState, purpose: SubscriptionPurpose, nodeId: string, trigger: BoundaryEventNode['trigger'], scopeId: number): void {
    if (trigger.trigger === 'message') {
      const id = this.state.nextId++;
      this.state.subs[id] = { id, execId: exec.id, purpose, nodeId, message: trigger.message };
    } else if (trigger.trigger === 'timer') {
      const schedule = scheduleTimer(trigger, this.context(scopeId), this.now(), nodeId);
      this.addTimerSub(exec.id, purpose, schedule.dueAt, { nodeId, intervalMs: schedule.intervalMs, remaining: schedule.remaining });
    }
  }

  protected addTimerSub(
    execId: number,
    purpose: SubscriptionPurpose,
    dueAt: number,
    extra: { nodeId?: string; intervalMs?: number; remaining?: number; level?: number; round?: number } = {},
  ): void {
    const id = this.state.nextId++;
    const timer = { dueAt, ...(extra.intervalMs !== undefined ? { intervalMs: extra.intervalMs } : {}), ...(extra.remaining !== undefined ? { remaining: extra.remaining } : {}) };
    this.state.subs[id] = {
      id,
      execId,
      purpose,
      timer,
      ...(extra.nodeId ? { nodeId: extra.nodeId } : {}),
      ...(extra.level !== undefined ? { level: extra.level, round: extra.round ?? 1 } : {}),
    };
    this.commands.push({ type: 'startTimer', subId: id, dueAt });
  }

  protected subsOf(execId: number, purpose?: SubscriptionPurpose): Subscription[] {
    return Object.values(this.state.subs).filter((s) => s.execId === execId && (!purpose || s.purpose === purpose));
  }

  protected cancelSubs(execId: number, purposes?: SubscriptionPurpose[]): void {
    for (const sub of this.subsOf(execId)) {
      if (purposes && !purposes.includes(sub.purpose)) continue;
      delete this.state.subs[sub.id];
      if (sub.timer) this.commands.push({ type: 'cancelTimer', subId: sub.id });
    }
  }

  protected newExec(nodeId: string, scopeId: number): ExecState {
    const exec: ExecState = { id: this.state.nextId++, nodeId, scopeId };
    this.state.execs[exec.id] = exec;
    return exec;
  }

  protected newScope(parent: number, ownerExec: number, locals: Record<string, unknown>): ScopeState {
    const scope: ScopeState = { id: this.state.nextId++, parent, ownerExec, locals };
    this.state.scopes[scope.id] = scope;
    return scope;
  }

  protected isScopeEmpty(scopeId: number): boolean {
    if (this.tokens.some((t) => t.scopeId === scopeId)) return false;
    if (Object.values(this.state.execs).some((e) => e.scopeId === scopeId)) return false;
    if (Object.keys(this.state.joins).some((k) => splitJoinKey(k)[0] === String(scopeId))) return false;
    // A multi-instance item scope is empty once its item finished; an item still waiting has an exec.
    return true;
  }

  protected isInside(scopeId: number, ancestor: number): boolean {
    for (let s: ScopeState | undefined = this.state.scopes[scopeId]; s; s = s.parent !== undefined ? this.state.scopes[s.parent] : undefined) if (s.id === ancestor) return true;
    return false;
  }

  /** Could any token or waiting execution in the scope still arrive at the join? */
  protected canStillReach(scopeId: number, joinId: string): boolean {
    for (const exec of Object.values(this.state.execs)) {
      if (exec.scopeId !== scopeId) continue;
      if (this.reaches(exec.nodeId, joinId)) return true;
    }
    for (const [key] of Object.entries(this.state.joins)) {
      const [s, nodeId] = splitJoinKey(key);
      if (s === String(scopeId) && nodeId !== joinId && this.reaches(nodeId, joinId)) return true;
    }
    return false;
  }

  protected readonly reachCache = new Map<string, Set<string>>();

  /** Nodes reachable from `from` (including through boundary events), memoised per node. */
  protected reaches(from: string, target: string): boolean {
    let set = this.reachCache.get(from);
    if (!set) {
      set = new Set();
      const queue = [from];
      while (queue.length) {
        const node = this.graph.nodes[queue.shift()!];
        if (!node) continue;
        const next = [...node.outgoing.map((f) => this.flow(f).target), ...(node.boundaries ?? [])];
        for (const id of next) {
          if (set.has(id)) continue;
          set.add(id);
          queue.push(id);
        }
      }
      this.reachCache.set(from, set);
    }
    return set.has(target);
  }

  /** FEEL context: process variables overlaid by the locals of every enclosing scope. */
  context(scopeId: number): Record<string, unknown> {
    const chain: ScopeState[] = [];
    for (let s: ScopeState | undefined = this.state.scopes[scopeId]; s; s = s.parent !== undefined ? this.state.scopes[s.parent] : undefined) chain.unshift(s);
    return Object.assign({}, this.state.variables, ...chain.map((s) => s.locals)) as Record<string, unknown>;
  }

  protected stepCompleted(nodeId: string): void {
    this.state.stepCounts[nodeId] = (this.state.stepCounts[nodeId] ?? 0) + 1;
    this.state.completedSteps.push(nodeId);
    if (this.state.completedSteps.length > COMPLETED_STEPS_KEPT) this.state.completedSteps.shift();
  }

  protected node(id: string): SopNode {
    const node = this.graph.nodes[id];
    if (!node) throw new EngineError(id, 'node missing from graph');
    return node;
  }

  protected flow(id: string) {
    const flow = this.graph.flows[id];
    if (!flow) throw new EngineError(id, 'flow missing from graph');
    return flow;
  }
}

export function splitJoinKey(key: string): [string, string] {
  const i = key.indexOf(':');
  return [key.slice(0, i), key.slice(i + 1)];
}

export function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
