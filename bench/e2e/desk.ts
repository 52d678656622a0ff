/**
 * The simulated duty desk of bench:e2e: operators who watch one shared inbox through the API (the
 * live stream and delta fetches, as the operator app does, or a poll of the whole list), and work each new step — claim, think, complete — as the
 * flood SOP asks: verify ("confirmed"), then notify and close. It times what an operator waits for:
 *   - event → first task: from the moment the API accepted the triggering reading (its 202) to the
 *     moment the incident's first step is listed by `GET /api/tasks`. A step listed before the
 *     sender heard the 202 counts as 0 ms (`listedBeforeAccepted` says how often);
 *   - task → next task: from the moment the operator sent the completion to the moment the next
 *     step is listed. From the request, not its answer: the API answers once the workflow took the
 *     completion and the audit is written, and by then the next step is usually listed already.
 */
import { performance } from 'node:perf_hooks';
import { LiveStream, type LiveChange } from '../support/live-stream';

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
  /** The current access token (a long run renews it). */
  token: () => string;
  /**
   * How the desk learns of new steps. `poll` (bench:e2e's default, like for like with the floor, whose
   * marks are polled as often): the whole list every `pollMs`. `live` (the operator app's way): the
   * live stream, each burst of changes fetching just the tasks it names (`GET /api/tasks?ids=`), the
   * whole list only when the stream (re)opens.
   */
  inbox: 'live' | 'poll';
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
  /** How long `POST /api/tasks/:id/complete` took to answer. */
  readonly completeAnswerMs: number[] = [];
  /**
   * Each timed step: from when (the trigger's 202, or sending the previous step's completion) to its
   * listing, in performance.now() time, so the bench can split the wait at the task's creation.
   */
  readonly timed: { taskId: string; kind: 'first' | 'next'; fromAt: number; listedAt: number }[] = [];
  /** First steps listed before the sender heard its trigger's 202. */
  listedBeforeAccepted = 0;
  readonly errors: string[] = [];
  completed = 0;
  /** Incidents whose first task was seen, by source. */
  readonly seenSources = new Set<string>();
  /** Tasks listed twice for one step of one incident (must stay 0). */
  duplicateSteps = 0;
  private readonly acceptedAt = new Map<string, number>();
  /** First steps listed before their trigger's 202 arrived, by source. */
  private readonly listedEarly = new Set<string>();
  /** When the completion of each incident's first step was sent. */
  private readonly completionSentAt = new Map<string, number>();
  private readonly seen = new Set<string>();
  private readonly stepsSeen = new Set<string>();
  private readonly queue: ListedTask[] = [];
  private working = 0;
  private stopped = false;
  private poller?: Promise<void>;
  private stream?: LiveStream;
  /** Live mode: tasks named by changes not yet fetched, and the debounce folding a burst into one fetch. */
  private readonly named = new Set<string>();
  private debounce?: NodeJS.Timeout;
  private fetches = new Set<Promise<void>>();
  /** Live mode: the open steps seen per incident, fetched again when their incident changes (as the app does). */
  private readonly openByIncident = new Map<string, Set<string>>();

  constructor(private readonly opts: DeskOptions) {}

  /**
   * The API accepted a reading of `source` over the opening threshold at `at` (performance.now()).
   * The first accepted one opens the incident (a sender behind the storm may deliver the planned
   * trigger after a later hot reading); later ones change nothing.
   */
  hotAccepted(source: string, at: number): void {
    if (this.acceptedAt.has(source)) return;
    this.acceptedAt.set(source, at);
    if (this.listedEarly.delete(source)) {
      this.listedBeforeAccepted += 1;
      this.eventToTaskMs.push(0);
    }
  }

  start(): void {
    if (this.opts.inbox === 'poll') {
      this.poller = this.poll();
      return;
    }
    this.stream = new LiveStream(this.opts.apiUrl, this.opts.token, {
      opened: () => this.track(this.fetchList()),
      change: (c) => this.heard(c),
      error: (message) => this.errors.push(message),
    });
    this.stream.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.poller;
    await this.stream?.stop();
    clearTimeout(this.debounce);
    await Promise.all(this.fetches);
    while (this.working > 0) await new Promise((r) => setTimeout(r, 20));
  }

  /** The operator app's debounce: changes of one burst (one poll of the feed) become one fetch. */
  private static readonly LIVE_DEBOUNCE_MS = 30;
  private static readonly DELTA_MAX_TASKS = 100;

  private heard(change: LiveChange): void {
    if (change.entity === 'task') this.named.add(change.id);
    else for (const id of this.openByIncident.get(change.incidentId) ?? []) this.named.add(id);
    if (!this.named.size) return;
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      const ids = [...this.named];
      this.named.clear();
      for (let i = 0; i < ids.length; i += Desk.DELTA_MAX_TASKS) this.track(this.fetchList(ids.slice(i, i + Desk.DELTA_MAX_TASKS)));
    }, Desk.LIVE_DEBOUNCE_MS);
  }

  private track(fetching: Promise<void>): void {
    this.fetches.add(fetching);
    void fetching.finally(() => this.fetches.delete(fetching));
  }

  /** One fetch of the inbox (the named tasks only, when given), then hands new steps to the operators. */
  private async fetchList(ids?: string[]): Promise<void> {
    const query = `scope=unit&sort=created${ids ? `&ids=${ids.map(encodeURIComponent).join(',')}` : ''}`;
    try {
      const res = await fetch(`${this.opts.apiUrl}/api/tasks?${query}`, { headers: { authorization: `Bearer ${this.opts.token()}` } });
      const at = performance.now();
      if (res.status !== 200) this.errors.push(`GET /api/tasks answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
      else for (const task of ((await res.json()) as { items: ListedTask[] }).items) this.listed(task, at);
    } catch (err) {
      this.errors.push(`GET /api/tasks failed: ${(err as Error).message}`);
    }
    this.dispatch();
  }

  /** Sources whose trigger the API accepted, and how many of them never showed a first step. */
  get triggered(): { accepted: number; neverListed: number } {
    const accepted = new Set([...this.acceptedAt.keys(), ...this.seenSources]);
    return { accepted: accepted.size, neverListed: [...accepted].filter((s) => !this.seenSources.has(s)).length };
  }

  /** Steps listed but not yet completed by the desk. */
  get backlog(): number {
    return this.queue.length + this.working;
  }

  private async poll(): Promise<void> {
    while (!this.stopped) {
      const started = performance.now();
      await this.fetchList();
      const wait = this.opts.pollMs - (performance.now() - started);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
  }

  private listed(task: ListedTask, at: number): void {
    if (this.seen.has(task.id)) return;
    this.seen.add(task.id);
    const open = this.openByIncident.get(task.incidentId) ?? new Set<string>();
    this.openByIncident.set(task.incidentId, open.add(task.id));
    const step = `${task.incidentId}|${task.stepId}`;
    if (this.stepsSeen.has(step)) this.duplicateSteps += 1;
    this.stepsSeen.add(step);
    if (task.stepId === 'verify') {
      const source = this.opts.sourceOf(task.incident?.title ?? '');
      const accepted = source ? this.acceptedAt.get(source) : undefined;
      if (source) this.seenSources.add(source);
      if (accepted !== undefined) {
        this.eventToTaskMs.push(at - accepted);
        this.timed.push({ taskId: task.id, kind: 'first', fromAt: accepted, listedAt: at });
      } else if (source) this.listedEarly.add(source);
    } else {
      const sent = this.completionSentAt.get(task.incidentId);
      if (sent !== undefined) {
        this.taskToNextMs.push(at - sent);
        this.timed.push({ taskId: task.id, kind: 'next', fromAt: sent, listedAt: at });
      } else this.errors.push(`step ${task.stepId} of ${task.incidentId} listed before its first step's completion was sent`);
    }
    this.queue.push(task);
  }

  private dispatch(): void {
    while (this.working < this.opts.operators && this.queue.length) {
      const task = this.queue.shift()!;
      this.working += 1;
      // A request that fails outright is an error of the run; after stop() it is the stack going away.
      void this.work(task)
        .catch((err: Error) => {
          if (!this.stopped) this.errors.push(`${task.stepId} of ${task.incidentId}: ${err.message}`);
        })
        .finally(() => {
          this.working -= 1;
          this.dispatch();
        });
    }
  }

  private async work(task: ListedTask): Promise<void> {
    const [min, max] = this.opts.thinkMs;
    await new Promise((r) => setTimeout(r, min + Math.random() * (max - min)));
    const url = `${this.opts.apiUrl}/api/tasks/${encodeURIComponent(task.id)}`;
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${this.opts.token()}` };
    const claim = await fetch(`${url}/claim`, { method: 'POST', headers });
    if (claim.status !== 200) return void this.errors.push(`claim ${task.stepId} answered ${claim.status}: ${(await claim.text()).slice(0, 200)}`);
    await claim.arrayBuffer();
    const sent = performance.now();
    if (task.stepId === 'verify') this.completionSentAt.set(task.incidentId, sent);
    const done = await fetch(`${url}/complete`, { method: 'POST', headers, body: JSON.stringify({ data: SUBMISSIONS[task.stepId] ?? {} }) });
    this.completeAnswerMs.push(performance.now() - sent);
    if (done.status !== 200) return void this.errors.push(`complete ${task.stepId} answered ${done.status}: ${(await done.text()).slice(0, 200)}`);
    await done.arrayBuffer();
    this.completed += 1;
    const open = this.openByIncident.get(task.incidentId);
    open?.delete(task.id);
    if (open && !open.size) this.openByIncident.delete(task.incidentId);
  }
}
