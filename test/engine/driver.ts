// A test driver for the pure SOP engine: compiles a BPMN fixture, runs the engine on a clock the
// test controls, and plays the outside world (task inbox, timers, activities, child workflows) from
// the commands the engine returns. No Temporal, no database.
import fs from 'node:fs';
import path from 'node:path';
import { compileSop } from '../../sop/compiler';
import type { SopGraph } from '../../sop/graph';
import { SopEngine } from '../../workflows/engine/engine';
import type { Command, EngineOutcome, TaskSpec, Wakeup } from '../../workflows/engine/state';

type CommandOf<T extends Command['type']> = Extract<Command, { type: T }>;

export const FIXTURES = path.join(__dirname, '..', 'fixtures', 'sops');
/** 08:00 in Đồng Xoài (UTC+7) on the day of the first drill. */
export const T0 = Date.parse('2026-11-25T08:00:00+07:00');
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

export async function loadGraph(fixture: string): Promise<SopGraph> {
  const xml = fs.readFileSync(path.join(FIXTURES, `${fixture}.bpmn`), 'utf8');
  return (await compileSop(xml, { resolveForm: () => 1, resolveSop: () => true })).graph;
}

export class EngineDriver {
  now = T0;
  engine: SopEngine;
  /** Every command, in order, and the clock when it was given. */
  readonly log: Command[] = [];
  readonly timeline: { at: number; command: Command }[] = [];
  /** The world as the commands left it. */
  readonly tasks = new Map<string, TaskSpec>();
  readonly timers = new Map<number, number>();
  readonly services = new Map<number, CommandOf<'runService'>>();
  readonly children = new Map<number, CommandOf<'startChild'>>();

  private constructor(
    readonly graph: SopGraph,
    variables: Record<string, unknown>,
  ) {
    this.engine = new SopEngine(graph, SopEngine.initialState(variables), { keyPrefix: 'inc-1' }, () => this.now);
  }

  /** Compiles `test/fixtures/sops/<fixture>.bpmn` and starts it with `variables`. */
  static async start(fixture: string, variables: Record<string, unknown> = {}): Promise<EngineDriver> {
    return EngineDriver.startGraph(await loadGraph(fixture), variables);
  }

  /** Starts an already compiled graph (e.g. a demo SOP compiled against the demo forms). */
  static startGraph(graph: SopGraph, variables: Record<string, unknown> = {}): EngineDriver {
    const driver = new EngineDriver(graph, variables);
    driver.apply(driver.engine.start());
    return driver;
  }

  // ---- what the engine asked for ----

  get state() {
    return this.engine.state;
  }

  get outcome(): EngineOutcome | undefined {
    return this.engine.done;
  }

  get variables(): Record<string, unknown> {
    return this.engine.state.variables;
  }

  /** Completed step ids in order (the path taken). */
  get path(): string[] {
    return this.engine.state.completedSteps;
  }

  get counts(): Record<string, number> {
    return this.engine.state.stepCounts;
  }

  openTasks(): TaskSpec[] {
    return [...this.tasks.values()];
  }

  /** The one open task of a step (or the task with this id). */
  task(stepOrTaskId: string): TaskSpec {
    const direct = this.tasks.get(stepOrTaskId);
    if (direct) return direct;
    const matches = this.openTasks().filter((t) => t.stepId === stepOrTaskId);
    if (matches.length !== 1) throw new Error(`expected one open task for ${stepOrTaskId}, found ${matches.length} (open: ${[...this.tasks.keys()].join(', ')})`);
    return matches[0]!;
  }

  commandsOf<T extends Command['type']>(type: T): CommandOf<T>[] {
    return this.log.filter((c): c is CommandOf<T> => c.type === type);
  }

  /** Timers armed now, soonest first. */
  armedTimers(): { subId: number; dueAt: number }[] {
    return [...this.timers].map(([subId, dueAt]) => ({ subId, dueAt })).sort((a, b) => a.dueAt - b.dueAt || a.subId - b.subId);
  }

  service(stepId: string): CommandOf<'runService'> {
    const matches = [...this.services.values()].filter((s) => s.stepId === stepId);
    if (matches.length !== 1) throw new Error(`expected one service call in flight for ${stepId}, found ${matches.length}`);
    return matches[0]!;
  }

  child(stepId: string): CommandOf<'startChild'> {
    const matches = [...this.children.values()].filter((s) => s.stepId === stepId);
    if (matches.length !== 1) throw new Error(`expected one child workflow for ${stepId}, found ${matches.length}`);
    return matches[0]!;
  }

  // ---- wake-ups ----

  handle(w: Wakeup): Command[] {
    const commands = this.engine.handle(w);
    this.apply(commands);
    return commands;
  }

  complete(stepOrTaskId: string, data: Record<string, unknown> = {}, by = 'operator.tan-phu'): Command[] {
    return this.handle({ type: 'taskCompleted', taskId: this.task(stepOrTaskId).taskId, data, by });
  }

  skip(stepOrTaskId: string, justification: string, by = 'leader.ioc'): Command[] {
    return this.handle({ type: 'taskSkipped', taskId: this.task(stepOrTaskId).taskId, justification, by });
  }

  claim(stepOrTaskId: string, by = 'operator.tan-phu'): Command[] {
    return this.handle({ type: 'taskClaimed', taskId: this.task(stepOrTaskId).taskId, by });
  }

  release(stepOrTaskId: string): Command[] {
    return this.handle({ type: 'taskReleased', taskId: this.task(stepOrTaskId).taskId });
  }

  escalateNow(stepOrTaskId: string, by = 'leader.ioc'): Command[] {
    return this.handle({ type: 'escalateNow', taskId: this.task(stepOrTaskId).taskId, by });
  }

  message(name: string, data: Record<string, unknown> = {}): Command[] {
    return this.handle({ type: 'message', name, data });
  }

  serviceDone(stepId: string, result: unknown = {}): Command[] {
    return this.handle({ type: 'serviceCompleted', execId: this.service(stepId).execId, result });
  }

  serviceFailed(stepId: string, errorType: string, message = `${errorType} from ${stepId}`): Command[] {
    return this.handle({ type: 'serviceFailed', execId: this.service(stepId).execId, errorType, message });
  }

  childDone(stepId: string, variables: Record<string, unknown>): Command[] {
    return this.handle({ type: 'childCompleted', execId: this.child(stepId).execId, variables });
  }

  childFailed(stepId: string, errorType: string, message = `${errorType} in the called SOP`): Command[] {
    return this.handle({ type: 'childFailed', execId: this.child(stepId).execId, errorType, message });
  }

  /** Fires every armed timer due by `time`, soonest first, moving the clock to each; ends at `time`. */
  fireTimersUntil(time: number): Command[] {
    const fired: Command[] = [];
    for (;;) {
      const next = this.armedTimers()[0];
      if (!next || next.dueAt > time) break;
      this.now = Math.max(this.now, next.dueAt);
      this.timers.delete(next.subId);
      fired.push(...this.handle({ type: 'timerFired', subId: next.subId }));
    }
    this.now = Math.max(this.now, time);
    return fired;
  }

  advance(ms: number): Command[] {
    return this.fireTimersUntil(this.now + ms);
  }

  /** Continue-as-new: the state goes through JSON into a fresh engine, which re-arms its timers. */
  roundTrip(): Command[] {
    const state = JSON.parse(JSON.stringify(this.engine.state)) as SopEngine['state'];
    this.engine = new SopEngine(this.graph, state, { keyPrefix: 'inc-1' }, () => this.now);
    this.timers.clear();
    const commands = this.engine.resume();
    this.apply(commands);
    return commands;
  }

  // ---- the outside world ----

  private apply(commands: Command[]): void {
    for (const c of commands) {
      this.log.push(c);
      this.timeline.push({ at: this.now, command: c });
      switch (c.type) {
        case 'createTask':
          if (this.tasks.has(c.task.taskId)) throw new Error(`task ${c.task.taskId} created twice`);
          this.tasks.set(c.task.taskId, c.task);
          break;
        case 'cancelTask':
        case 'taskDone':
          if (!this.tasks.delete(c.taskId)) throw new Error(`${c.type} for task ${c.taskId}, which is not open`);
          break;
        case 'startTimer':
          this.timers.set(c.subId, c.dueAt);
          break;
        case 'cancelTimer':
          this.timers.delete(c.subId); // may already have fired: the runner ignores it too
          break;
        case 'runService':
          this.services.set(c.execId, c);
          break;
        case 'cancelService':
          if (!this.services.delete(c.execId)) throw new Error(`cancelService for exec ${c.execId}, which has no call in flight`);
          break;
        case 'startChild':
          this.children.set(c.execId, c);
          break;
        case 'cancelChild':
          if (!this.children.delete(c.execId)) throw new Error(`cancelChild for exec ${c.execId}, which has no child`);
          break;
        case 'notifyTask':
        case 'stepFailed':
        case 'stepRecovered':
          break;
      }
    }
    // A finished call is no longer in flight.
    for (const [execId] of this.services) if (!this.engine.state.execs[execId]?.key || this.engine.state.execs[execId]?.failed) this.services.delete(execId);
    for (const [execId] of this.children) if (!this.engine.state.execs[execId]?.key || this.engine.state.execs[execId]?.failed) this.children.delete(execId);
  }
}
