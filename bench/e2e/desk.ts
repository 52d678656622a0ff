/**
 * The simulated duty desk of bench:e2e: operators who watch the inbox through the API (one shared
 * poll, as an open inbox refetches), and work each new step — claim, think, complete — as the
 * flood SOP asks: verify ("confirmed"), then notify and close. It times what an operator waits for:
 *   - event → first task: from the moment the API accepted the triggering reading to the moment the
 *     incident's first step is listed by `GET /api/tasks`;
 *   - task → next task: from the moment the API answered a completion to the moment the next step
 *     is listed.
 */
import { performance } from 'node:perf_hooks';

interface ListedTask {
  id: string;
  incidentId: string;
  stepId: string;
  incident: { title?: string } | null;
}

/** What each of the flood SOP's steps is completed with. */
const SUBMISSIONS: Record<string, Record<string, unknown>> = {
  verify: { confirmed: true, notes: 'bench: xác minh qua camera' },
  notify_close: { residentsNotified: true, roadClosed: false },
};

export interface DeskOptions {
  apiUrl: string;
  token: string;
  pollMs: number;
  /** Operators working at once (claims + completions in flight). */
  operators: number;
  /** An operator looks at a step this long before completing it (uniform in [min, max]). */
  thinkMs: [number, number];
  /** The source named in an incident's title (the storm's rules title incidents `Bench <source>`). */
  sourceOf: (title: string) => string | undefined;
}

export class Desk {
  readonly eventToTaskMs: number[] = [];
  readonly taskToNextMs: number[] = [];
  readonly errors: string[] = [];
  completed = 0;
  /** Incidents whose first task was seen, by source. */
  readonly seenSources = new Set<string>();
  /** Tasks listed twice for one step of one incident (must stay 0). */
  duplicateSteps = 0;
  private readonly acceptedAt = new Map<string, number>();
  private readonly completedAt = new Map<string, number>();
  /** Next steps listed before the completion's answer arrived: visible at once, 0 ms. */
  private readonly listedEarly = new Set<string>();
  private readonly seen = new Set<string>();
  private readonly stepsSeen = new Set<string>();
  private readonly queue: ListedTask[] = [];
  private working = 0;
  private stopped = false;
  private poller?: Promise<void>;

  constructor(private readonly opts: DeskOptions) {}

  /** The API accepted the reading that should open `source`'s incident, at `at` (performance.now()). */
  triggerAccepted(source: string, at: number): void {
    this.acceptedAt.set(source, at);
  }

  start(): void {
    this.poller = this.poll();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.poller;
    while (this.working > 0) await new Promise((r) => setTimeout(r, 20));
  }

  /** Steps listed but not yet completed by the desk. */
  get backlog(): number {
    return this.queue.length + this.working;
  }

  private async poll(): Promise<void> {
    while (!this.stopped) {
      const started = performance.now();
      try {
        const res = await fetch(`${this.opts.apiUrl}/api/tasks?scope=unit&sort=created`, { headers: { authorization: `Bearer ${this.opts.token}` } });
        const at = performance.now();
        if (res.status !== 200) this.errors.push(`GET /api/tasks answered ${res.status}`);
        else for (const task of ((await res.json()) as { items: ListedTask[] }).items) this.listed(task, at);
      } catch (err) {
        this.errors.push(`GET /api/tasks failed: ${(err as Error).message}`);
      }
      this.dispatch();
      const wait = this.opts.pollMs - (performance.now() - started);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
  }

  private listed(task: ListedTask, at: number): void {
    if (this.seen.has(task.id)) return;
    this.seen.add(task.id);
    const step = `${task.incidentId}|${task.stepId}`;
    if (this.stepsSeen.has(step)) this.duplicateSteps += 1;
    this.stepsSeen.add(step);
    if (task.stepId === 'verify') {
      const source = this.opts.sourceOf(task.incident?.title ?? '');
      const accepted = source ? this.acceptedAt.get(source) : undefined;
      if (source) this.seenSources.add(source);
      if (accepted !== undefined) this.eventToTaskMs.push(at - accepted);
    } else {
      const previous = this.completedAt.get(task.incidentId);
      if (previous !== undefined) this.taskToNextMs.push(at - previous);
      else this.listedEarly.add(task.incidentId);
    }
    this.queue.push(task);
  }

  private dispatch(): void {
    while (this.working < this.opts.operators && this.queue.length) {
      const task = this.queue.shift()!;
      this.working += 1;
      void this.work(task).finally(() => {
        this.working -= 1;
        this.dispatch();
      });
    }
  }

  private async work(task: ListedTask): Promise<void> {
    const [min, max] = this.opts.thinkMs;
    await new Promise((r) => setTimeout(r, min + Math.random() * (max - min)));
    const url = `${this.opts.apiUrl}/api/tasks/${encodeURIComponent(task.id)}`;
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${this.opts.token}` };
    const claim = await fetch(`${url}/claim`, { method: 'POST', headers });
    if (claim.status !== 200) return void this.errors.push(`claim ${task.stepId} answered ${claim.status}: ${(await claim.text()).slice(0, 200)}`);
    await claim.arrayBuffer();
    const done = await fetch(`${url}/complete`, { method: 'POST', headers, body: JSON.stringify({ data: SUBMISSIONS[task.stepId] ?? {} }) });
    const at = performance.now();
    if (done.status !== 200) return void this.errors.push(`complete ${task.stepId} answered ${done.status}: ${(await done.text()).slice(0, 200)}`);
    await done.arrayBuffer();
    this.completedAt.set(task.incidentId, at);
    if (task.stepId === 'verify' && this.listedEarly.delete(task.incidentId)) this.taskToNextMs.push(0);
    this.completed += 1;
  }
}
