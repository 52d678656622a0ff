/**
 * The SOP engine: a deterministic state machine over the compiled graph. It never awaits anything
 * itself — `start()` and `handle(wakeup)` change the (plain JSON) state and return commands for the
 * Temporal shell to carry out — so it is unit-testable, replay-safe, and its state survives
 * continue-as-new as it is.
 *
 * Tokens are transient: a token walks through nodes that finish at once (gateways, scripts, manual
 * tasks) until it reaches a node that waits; that node becomes an execution (`ExecState`).
 * Layers: core.ts (state bookkeeping, lookups, subscriptions) ← escalation.ts (SLA, reminders,
 * escalation chains) ← this file (walking, activities, multi-instance, errors, wake-ups).
 */
import type { BoundaryEventNode, SopNode, UserTaskNode } from '../../sop/graph';
import { EngineError, ROOT_SCOPE, optional, splitJoinKey, type Token } from './core';
import { EscalatingEngine } from './escalation';
import { ExpressionError, evalFeel, resolveDynamic, resolveString } from './expressions';
import type { Command, ExecState, ScopeState, Subscription, Wakeup } from './state';

/** Nodes one wake-up may walk through without reaching a wait: stops a loop that never waits. */
const MAX_STEPS_PER_WAKEUP = 20_000;

export class SopEngine extends EscalatingEngine {
  start(): Command[] {
    this.tokens.push({ nodeId: this.graph.startNodeId, scopeId: ROOT_SCOPE });
    return this.flush();
  }

  /**
   * After continue-as-new: arms the timers again and starts the service calls and call activities
   * the previous run held back while it wound down (tasks simply keep waiting in the state).
   */
  resume(): Command[] {
    for (const sub of Object.values(this.state.subs)) if (sub.timer) this.commands.push({ type: 'startTimer', subId: sub.id, dueAt: sub.timer.dueAt });
    for (const exec of Object.values(this.state.execs)) if (exec.key !== undefined && !exec.failed) this.startWork(exec);
    return this.flush();
  }

  // ---- wake-ups ----

  handle(w: Wakeup): Command[] {
    if (this.state.done) return [];
    switch (w.type) {
      case 'taskCompleted':
      case 'taskSkipped': {
        const exec = this.taskExec(w.taskId);
        if (!exec) break;
        const skipped = w.type === 'taskSkipped' ? { justification: w.justification } : undefined;
        const data = w.type === 'taskSkipped' ? { skipped: true, justification: w.justification, skippedBy: w.by } : w.data;
        this.commands.push({ type: 'taskDone', taskId: w.taskId, data, by: w.by, ...(skipped ? { skipped } : {}) });
        this.completeExec(exec, data);
        break;
      }
      case 'taskClaimed':
      case 'taskReleased':
      case 'escalateNow': {
        const exec = this.taskExec(w.taskId);
        if (exec) this.onTaskEvent(exec, w.type);
        break;
      }
      case 'timerFired': {
        const sub = this.state.subs[w.subId];
        if (sub) this.fire(sub, undefined);
        break;
      }
      case 'message': {
        const sub = Object.values(this.state.subs)
          .filter((s) => s.message === w.name)
          .sort((a, b) => a.id - b.id)[0];
        if (sub) this.fire(sub, w.data);
        break;
      }
      case 'serviceCompleted': {
        const exec = this.state.execs[w.execId];
        if (!exec) break;
        delete exec.key;
        this.completeExec(exec, w.result);
        break;
      }
      case 'childCompleted': {
        const exec = this.state.execs[w.execId];
        if (!exec) break;
        delete exec.key;
        this.completeExec(exec, w.variables);
        break;
      }
      case 'serviceFailed':
      case 'childFailed': {
        const exec = this.state.execs[w.execId];
        if (exec) this.onFailure(exec, w.errorType, w.message);
        break;
      }
      case 'retryStep': {
        const exec = this.failedExec(w.stepId);
        if (!exec) break;
        delete exec.failed;
        exec.attempt = (exec.attempt ?? 1) + 1;
        this.commands.push({ type: 'stepRecovered', stepId: exec.nodeId, how: 'retried', by: w.by });
        this.startWork(exec);
        break;
      }
      case 'skipStep': {
        const exec = this.failedExec(w.stepId);
        if (!exec) break;
        delete exec.failed;
        delete exec.key;
        this.commands.push({ type: 'stepRecovered', stepId: exec.nodeId, how: 'skipped', by: w.by, justification: w.justification });
        this.completeExec(exec, { skipped: true, justification: w.justification, skippedBy: w.by });
        break;
      }
      case 'cancel':
        this.clearScope(ROOT_SCOPE, `incident cancelled: ${w.reason}`);
        this.state.done = { outcome: 'cancelled', reason: w.reason };
        break;
    }
    return this.flush();
  }

  // ---- walking ----

  private flush(): Command[] {
    let steps = 0;
    for (;;) {
      while (this.tokens.length && !this.state.done) {
        if (++steps > MAX_STEPS_PER_WAKEUP) {
          throw new EngineError(this.tokens[0]!.nodeId, `more than ${MAX_STEPS_PER_WAKEUP} steps without waiting: a loop needs a task, timer or message`);
        }
        const token = this.tokens.shift()!;
        if (!this.state.scopes[token.scopeId]) continue; // its scope was cancelled meanwhile
        this.enter(token);
      }
      if (this.state.done) break;
      this.settle();
      if (!this.tokens.length) break;
    }
    if (this.state.done) this.tokens = [];
    const out = this.commands;
    this.commands = [];
    return out;
  }

  /** Fires inclusive joins nobody else can reach any more, and completes scopes with nothing left. */
  private settle(): void {
    for (let changed = true; changed && !this.state.done;) {
      changed = false;
      for (const key of Object.keys(this.state.joins)) {
        const [scopeText, nodeId] = splitJoinKey(key);
        const scopeId = Number(scopeText);
        const node = this.graph.nodes[nodeId];
        if (node?.kind !== 'inclusiveGateway' || this.tokens.some((t) => t.scopeId === scopeId)) continue;
        if (this.canStillReach(scopeId, nodeId)) continue;
        delete this.state.joins[key];
        this.pass(node, scopeId);
        changed = true;
      }
      if (changed) return; // new tokens: flush walks them first
      for (const scope of Object.values(this.state.scopes).sort((a, b) => b.id - a.id)) {
        if (this.isScopeEmpty(scope.id)) {
          this.completeScope(scope);
          changed = true;
          break;
        }
      }
      if (this.tokens.length) return;
    }
  }

  private enter(token: Token): void {
    const node = this.node(token.nodeId);
    this.state.activations[node.id] = (this.state.activations[node.id] ?? 0) + 1;
    switch (node.kind) {
      case 'startEvent':
        this.follow(node, token.scopeId);
        return;
      case 'endEvent':
        this.reachEnd(node, token.scopeId);
        return;
      case 'manualTask':
        this.stepCompleted(node.id);
        this.follow(node, token.scopeId);
        return;
      case 'scriptTask': {
        const value = evalFeel(node.expression, this.context(token.scopeId), node.id);
        if (node.resultVariable) this.state.variables[node.resultVariable] = value;
        else if (value && typeof value === 'object' && !Array.isArray(value)) Object.assign(this.state.variables, value);
        else throw new EngineError(node.id, 'a script without a result variable must yield a context, e.g. {count: count + 1}');
        this.stepCompleted(node.id);
        this.follow(node, token.scopeId);
        return;
      }
      case 'exclusiveGateway': {
        const flow = this.chooseFlows(node, token.scopeId, false)[0]!;
        this.toFlow(flow, token.scopeId);
        return;
      }
      case 'parallelGateway':
      case 'inclusiveGateway': {
        if (node.incoming.length > 1) {
          const key = `${token.scopeId}:${node.id}`;
          const arrivals = [...(this.state.joins[key] ?? []), token.viaFlow ?? '?'];
          if (node.kind === 'parallelGateway' && arrivals.length < node.incoming.length) {
            this.state.joins[key] = arrivals;
            return;
          }
          if (node.kind === 'inclusiveGateway') {
            this.state.joins[key] = arrivals; // settle() fires it once no other token can arrive
            return;
          }
          delete this.state.joins[key];
        }
        this.pass(node, token.scopeId);
        return;
      }
      case 'eventBasedGateway': {
        const exec = this.newExec(node.id, token.scopeId);
        for (const flowId of node.outgoing) {
          const target = this.node(this.flow(flowId).target);
          if (target.kind === 'intermediateCatchEvent') this.subscribe(exec, 'gateway', target.id, target.trigger, token.scopeId);
        }
        return;
      }
      case 'intermediateCatchEvent': {
        const exec = this.newExec(node.id, token.scopeId);
        this.subscribe(exec, 'catch', node.id, node.trigger, token.scopeId);
        return;
      }
      case 'boundaryEvent':
        throw new EngineError(node.id, 'a boundary event cannot be reached by a sequence flow');
      case 'userTask':
      case 'serviceTask':
      case 'subProcess':
      case 'callActivity': {
        const exec = this.newExec(node.id, token.scopeId);
        this.armBoundaries(exec, node);
        if (node.multiInstance) this.startMultiInstance(exec, node);
        else this.startWork(exec);
        return;
      }
    }
  }

  /** A gateway passes: parallel forks every flow, inclusive every true condition (or the default). */
  private pass(node: SopNode, scopeId: number): void {
    if (node.kind === 'inclusiveGateway') {
      for (const flow of this.chooseFlows(node, scopeId, true)) this.toFlow(flow, scopeId);
      return;
    }
    for (const flowId of node.outgoing) this.toFlow(flowId, scopeId);
  }

  private chooseFlows(node: Extract<SopNode, { kind: 'exclusiveGateway' | 'inclusiveGateway' }>, scopeId: number, all: boolean): string[] {
    const chosen: string[] = [];
    const context = this.context(scopeId);
    for (const flowId of node.outgoing) {
      if (flowId === node.defaultFlow) continue;
      const flow = this.flow(flowId);
      const take = !flow.condition || evalFeel(flow.condition, context, flowId) === true;
      if (take) {
        chosen.push(flowId);
        if (!all) return chosen;
      }
    }
    if (chosen.length) return chosen;
    if (node.defaultFlow) return [node.defaultFlow];
    throw new EngineError(node.id, 'no outgoing condition is true and there is no default flow');
  }

  private follow(node: SopNode, scopeId: number): void {
    for (const flowId of node.outgoing) this.toFlow(flowId, scopeId);
  }

  private toFlow(flowId: string, scopeId: number): void {
    this.tokens.push({ nodeId: this.flow(flowId).target, scopeId, viaFlow: flowId });
  }

  private reachEnd(node: Extract<SopNode, { kind: 'endEvent' }>, scopeId: number): void {
    const scope = this.state.scopes[scopeId]!;
    scope.lastEnd = node.id;
    this.stepCompleted(node.id);
    if (node.end === 'terminate') this.clearScope(scopeId, `terminated by ${node.id}`, true);
    if (node.end === 'error') this.throwError(scopeId, node.errorCode ?? node.id, `error end event ${node.id}`);
  }

  // ---- work of activities ----

  private startWork(exec: ExecState): void {
    const node = this.node(exec.nodeId);
    const context = this.context(exec.scopeId);
    const activation = this.state.activations[node.id] ?? 1;
    switch (node.kind) {
      case 'userTask':
        this.createTask(exec, node, context);
        return;
      case 'serviceTask': {
        const params: Record<string, unknown> = {};
        for (const [name, value] of Object.entries(node.params)) params[name] = resolveDynamic(value, context, node.id);
        exec.key ??= `${this.identity.keyPrefix}:${node.id}:${activation}:${exec.id}`;
        const key = exec.attempt && exec.attempt > 1 ? `${exec.key}:retry-${exec.attempt}` : exec.key;
        this.commands.push({ type: 'runService', execId: exec.id, stepId: node.id, key, serviceType: node.serviceType, params, maxAttempts: node.maxAttempts });
        return;
      }
      case 'callActivity': {
        const variables: Record<string, unknown> = {};
        if (node.inputs.length) for (const m of node.inputs) variables[m.target] = evalFeel(m.source, context, node.id);
        else Object.assign(variables, structuredCloneJson(context));
        exec.key ??= `${this.identity.keyPrefix}/${node.id}-${activation}-${exec.id}`;
        const key = exec.attempt && exec.attempt > 1 ? `${exec.key}-retry-${exec.attempt}` : exec.key;
        this.commands.push({
          type: 'startChild',
          execId: exec.id,
          stepId: node.id,
          key,
          sopKey: node.calledSop,
          ...(node.calledVersion ? { sopVersion: node.calledVersion } : {}),
          variables,
        });
        return;
      }
      case 'subProcess': {
        const inner = this.newScope(exec.scopeId, exec.id, {});
        exec.innerScope = inner.id;
        this.tokens.push({ nodeId: node.startNodeId, scopeId: inner.id });
        return;
      }
      default:
        throw new EngineError(node.id, `${node.kind} has no work to start`);
    }
  }

  private createTask(exec: ExecState, node: UserTaskNode, context: Record<string, unknown>): void {
    const activation = this.state.activations[node.id] ?? 1;
    const taskId = `${this.identity.keyPrefix}:${node.id}:${activation}${exec.miItem ? `.${exec.miItem.index + 1}` : ''}`;
    const assignee = {
      ...optional('unit', resolveString(node.assignee.unit, context, node.id)),
      ...optional('role', resolveString(node.assignee.role, context, node.id)),
      ...optional('user', resolveString(node.assignee.user, context, node.id)),
    };
    if (!assignee.unit && !assignee.role && !assignee.user) throw new EngineError(node.id, 'the assignee expressions yielded nobody');
    exec.taskId = taskId;
    exec.taskUnit = assignee.unit;
    this.armSla(exec, node, context);
    const item = exec.miItem ? { index: exec.miItem.index, value: this.state.execs[exec.miItem.host]?.mi?.items[exec.miItem.index] } : undefined;
    this.commands.push({
      type: 'createTask',
      execId: exec.id,
      task: {
        taskId,
        stepId: node.id,
        name: node.name ?? node.id,
        assignee,
        ...(node.form ? { form: node.form } : {}),
        ...(exec.dueAt !== undefined ? { dueAt: exec.dueAt } : {}),
        skippable: node.skippable,
        ...(item ? { item } : {}),
      },
    });
  }

  // ---- multi-instance ----

  private startMultiInstance(host: ExecState, node: SopNode): void {
    const mi = node.multiInstance!;
    const items = evalFeel(mi.collection, this.context(host.scopeId), node.id);
    if (!Array.isArray(items)) throw new EngineError(node.id, `multi-instance collection "${mi.collection}" is not a list`);
    host.mi = { items, next: 0, completed: 0, results: items.map(() => null) };
    if (!items.length) {
      this.finishMultiInstance(host);
      return;
    }
    const startNow = mi.sequential ? 1 : items.length;
    for (let i = 0; i < startNow; i++) this.startItem(host);
  }

  private startItem(host: ExecState): void {
    const mi = host.mi!;
    const node = this.node(host.nodeId);
    const index = mi.next++;
    const scope = this.newScope(host.scopeId, host.id, { [node.multiInstance!.elementVariable]: mi.items[index], loopCounter: index + 1 });
    const item = this.newExec(node.id, scope.id);
    item.miItem = { host: host.id, index };
    this.startWork(item);
  }

  private itemDone(host: ExecState): void {
    const mi = host.mi!;
    const def = this.node(host.nodeId).multiInstance!;
    mi.completed += 1;
    const active = Object.values(this.state.scopes).filter((s) => s.ownerExec === host.id).length;
    const context = {
      ...this.context(host.scopeId),
      // The results so far (null for unfinished items), under the name the condition is written with.
      [def.outputCollection ?? host.nodeId]: mi.results,
      nrOfInstances: mi.items.length,
      nrOfCompletedInstances: mi.completed,
      nrOfActiveInstances: active,
    };
    const early = def.completionCondition ? evalFeel(def.completionCondition, context, host.nodeId) === true : false;
    if (early || mi.completed >= mi.items.length) {
      for (const scope of Object.values(this.state.scopes)) if (scope.ownerExec === host.id) this.clearScope(scope.id, 'completion condition met');
      this.finishMultiInstance(host);
    } else if (def.sequential && mi.next < mi.items.length) this.startItem(host);
  }

  private finishMultiInstance(host: ExecState): void {
    const node = this.node(host.nodeId);
    this.state.variables[node.multiInstance!.outputCollection ?? node.id] = host.mi!.results;
    // Each item already counted as a completed step; the host counts only when it had no items.
    if (!host.mi!.completed) this.stepCompleted(node.id);
    this.removeExec(host);
    this.follow(node, host.scopeId);
  }

  // ---- completing and cancelling ----

  /** An activity finished its work with `output`: store it, then continue past the node. */
  private completeExec(exec: ExecState, output: unknown): void {
    const node = this.node(exec.nodeId);
    if (exec.miItem) {
      const host = this.state.execs[exec.miItem.host];
      if (host?.mi) host.mi.results[exec.miItem.index] = this.outputOf(node, output, exec.scopeId);
      this.removeExec(exec);
      this.stepCompleted(node.id);
      const scope = this.state.scopes[exec.scopeId];
      if (scope) delete this.state.scopes[scope.id];
      if (host) this.itemDone(host);
      return;
    }
    this.storeOutput(node, output, exec.scopeId);
    this.finishExec(exec);
  }

  private finishExec(exec: ExecState): void {
    const node = this.node(exec.nodeId);
    this.removeExec(exec);
    this.stepCompleted(node.id);
    this.follow(node, exec.scopeId);
  }

  private outputOf(node: SopNode, output: unknown, scopeId: number): unknown {
    if (node.kind === 'callActivity' && node.outputs.length) {
      const out: Record<string, unknown> = {};
      const context = { ...this.context(scopeId), ...(output as Record<string, unknown>) };
      for (const m of node.outputs) out[m.target] = evalFeel(m.source, context, node.id);
      return out;
    }
    return output ?? null;
  }

  private storeOutput(node: SopNode, output: unknown, scopeId: number): void {
    switch (node.kind) {
      case 'userTask':
        this.state.variables[node.id] = output;
        return;
      case 'serviceTask': {
        if (node.resultVariable) this.state.variables[node.resultVariable] = output;
        const applied = (output as { applied?: Record<string, unknown> } | undefined)?.applied;
        if (node.serviceType === 'set-incident' && applied) {
          const incident = (this.state.variables.incident ?? {}) as Record<string, unknown>;
          this.state.variables.incident = { ...incident, ...applied };
        }
        return;
      }
      case 'callActivity':
        if (node.outputs.length) Object.assign(this.state.variables, this.outputOf(node, output, scopeId));
        else this.state.variables[node.id] = output;
        return;
      default:
        return;
    }
  }

  private completeScope(scope: ScopeState): void {
    delete this.state.scopes[scope.id];
    if (scope.ownerExec === undefined) {
      this.state.done = { outcome: 'completed', ...(scope.lastEnd ? { endNodeId: scope.lastEnd } : {}) };
      return;
    }
    const owner = this.state.execs[scope.ownerExec];
    if (!owner) return;
    if (owner.mi) {
      this.itemDone(owner); // an item scope of a multi-instance sub-process
      return;
    }
    if (owner.miItem || owner.innerScope === scope.id) this.completeExec(owner, null);
  }

  /** Ends everything waiting in a scope (terminate end, interrupting boundary, cancellation). */
  private clearScope(scopeId: number, reason: string, keepScope = false): void {
    this.tokens = this.tokens.filter((t) => !this.isInside(t.scopeId, scopeId));
    for (const exec of Object.values(this.state.execs)) if (exec.scopeId === scopeId) this.cancelExec(exec, reason);
    for (const key of Object.keys(this.state.joins)) if (splitJoinKey(key)[0] === String(scopeId)) delete this.state.joins[key];
    if (!keepScope) delete this.state.scopes[scopeId];
  }

  private cancelExec(exec: ExecState, reason: string): void {
    if (!this.state.execs[exec.id]) return;
    this.removeExec(exec);
    if (exec.taskId) this.commands.push({ type: 'cancelTask', taskId: exec.taskId, reason });
    const node = this.node(exec.nodeId);
    if (exec.key !== undefined && !exec.failed) this.commands.push({ type: node.kind === 'callActivity' ? 'cancelChild' : 'cancelService', execId: exec.id });
    for (const scope of Object.values(this.state.scopes)) if (scope.ownerExec === exec.id) this.clearScope(scope.id, reason);
  }

  private removeExec(exec: ExecState): void {
    delete this.state.execs[exec.id];
    this.cancelSubs(exec.id);
  }

  // ---- errors ----

  private onFailure(exec: ExecState, errorType: string, message: string): void {
    const caught = this.findErrorBoundary(exec, errorType);
    if (caught) {
      delete exec.key; // the activity or child already ended: nothing to cancel
      this.interruptAt(caught.host, caught.boundary, `error ${errorType}`);
      return;
    }
    exec.failed = { errorType, message };
    this.commands.push({ type: 'stepFailed', stepId: exec.nodeId, errorType, message });
  }

  /** An error end event: caught by the nearest enclosing error boundary, or it ends the run. */
  private throwError(scopeId: number, errorCode: string, message: string): void {
    const scope = this.state.scopes[scopeId];
    const owner = scope?.ownerExec !== undefined ? this.state.execs[scope.ownerExec] : undefined;
    if (!owner) {
      this.clearScope(ROOT_SCOPE, message);
      this.state.done = { outcome: 'error', errorCode };
      return;
    }
    const caught = this.findErrorBoundary(owner, errorCode);
    if (caught) {
      this.interruptAt(caught.host, caught.boundary, message);
      return;
    }
    const host = this.hostOf(owner);
    this.cancelExec(host, message);
    this.throwError(host.scopeId, errorCode, message);
  }

  /** Looks for an error boundary on the failing activity, then on each enclosing sub-process. */
  private findErrorBoundary(exec: ExecState, errorType: string): { host: ExecState; boundary: BoundaryEventNode } | undefined {
    for (let current: ExecState | undefined = this.hostOf(exec); current;) {
      const errorBoundaries = (this.node(current.nodeId).boundaries ?? []).map((id) => this.node(id) as BoundaryEventNode).filter((b) => b.trigger.trigger === 'error');
      // A boundary naming the code wins over a catch-all on the same activity, whatever the drawing order.
      const code = (b: BoundaryEventNode) => (b.trigger.trigger === 'error' ? b.trigger.errorCode : undefined);
      const boundary = errorBoundaries.find((b) => code(b) === errorType) ?? errorBoundaries.find((b) => code(b) === undefined);
      if (boundary) return { host: current, boundary };
      const scope: ScopeState | undefined = this.state.scopes[current.scopeId];
      const parentOwner: ExecState | undefined = scope?.ownerExec !== undefined ? this.state.execs[scope.ownerExec] : undefined;
      current = parentOwner ? this.hostOf(parentOwner) : undefined;
    }
    return undefined;
  }

  /** The execution boundaries are attached to: the multi-instance host for an item, else itself. */
  private hostOf(exec: ExecState): ExecState {
    return exec.miItem ? (this.state.execs[exec.miItem.host] ?? exec) : exec;
  }

  private interruptAt(host: ExecState, boundary: BoundaryEventNode, reason: string): void {
    this.cancelExec(host, reason);
    this.stepCompleted(boundary.id);
    this.follow(boundary, host.scopeId);
  }

  // ---- boundary and catch events ----

  private armBoundaries(exec: ExecState, node: SopNode): void {
    for (const id of node.boundaries ?? []) {
      const b = this.node(id) as BoundaryEventNode;
      if (b.trigger.trigger === 'error') continue; // errors are matched when they happen
      this.subscribe(exec, 'boundary', b.id, b.trigger, exec.scopeId);
    }
  }

  private fire(sub: Subscription, data: Record<string, unknown> | undefined): void {
    const exec = this.state.execs[sub.execId];
    if (!exec) {
      delete this.state.subs[sub.id];
      return;
    }
    if (data !== undefined && sub.nodeId) this.state.variables[sub.nodeId] = data;
    switch (sub.purpose) {
      case 'catch':
      case 'gateway': {
        const node = this.node(sub.nodeId!);
        this.removeExec(exec);
        this.stepCompleted(node.id);
        this.follow(node, exec.scopeId);
        return;
      }
      case 'boundary': {
        const boundary = this.node(sub.nodeId!) as BoundaryEventNode;
        if (boundary.interrupting) {
          this.interruptAt(exec, boundary, `boundary event ${boundary.id}`);
          return;
        }
        if (sub.timer && sub.timer.intervalMs !== undefined && sub.timer.remaining !== undefined && sub.timer.remaining !== 0) {
          sub.timer = { ...sub.timer, dueAt: sub.timer.dueAt + sub.timer.intervalMs, remaining: sub.timer.remaining < 0 ? -1 : sub.timer.remaining - 1 };
          this.commands.push({ type: 'startTimer', subId: sub.id, dueAt: sub.timer.dueAt });
        } else if (!sub.message) delete this.state.subs[sub.id]; // a message boundary keeps listening while its host waits
        this.stepCompleted(boundary.id);
        this.follow(boundary, exec.scopeId);
        return;
      }
      case 'reminder':
      case 'escalate':
      case 'ack':
        this.onSlaTimer(exec, sub);
        return;
    }
  }
}

/** Variables are JSON; a copy keeps a child's input apart from the parent's later changes. */
function structuredCloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export { EngineError, ExpressionError };
