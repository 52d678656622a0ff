import { ChangeDetectionStrategy, Component, DestroyRef, ElementRef, Injector, afterNextRender, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Router, RouterLink } from '@angular/router';
import { buffer, debounceTime, filter, map } from 'rxjs/operators';
import { apiProblem } from '@ui/api-problem';
import { Auth } from '@ui/auth';
import { I18n, TranslatePipe } from '@ui/i18n';
import { injectNow } from '../live/clock';
import { LiveUpdates } from '../live/live-updates';
import { TaskApi, type InboxTask, type TaskScope, type TaskView } from '../task/task-api';
import { describeTaskProblem } from '../task/task-errors';
import { dueClass, formatCountdown } from './countdown';
import { NO_FILTER, filterTasks, sortTasks, type InboxFilter, type InboxSort } from './inbox-list';

const SCOPE_KEY = 'cityops.inbox.scope';
/** Live changes often come in bursts (a step completes, the next opens), reaching the page together (one poll of the feed): a short wait folds a burst into one fetch. */
export const LIVE_DEBOUNCE_MS = 30;
/** At most this many tasks per delta fetch (the API's limit); a bigger burst reloads the list. */
export const DELTA_MAX_TASKS = 100;
/** How long a newly arrived row stays highlighted. */
const FRESH_MS = 4000;

/**
 * The operator's inbox: the tasks of one scope (mine / my unit / all I may see), filtered and sorted
 * here, with live countdowns from the shared clock. A burst of task changes fetches just those tasks
 * (a delta: in a storm every change refetching the whole list was most of the inbox's cost), so new
 * tasks appear and claimed or finished ones update or leave without a reload; a change of a listed
 * incident fetches its tasks again; a reconnect reloads the list.
 */
@Component({
  selector: 'op-inbox-page',
  imports: [TranslatePipe, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './inbox.page.html',
  styleUrl: './inbox.page.css',
  host: { '(document:keydown)': 'onKey($event)' },
})
export class InboxPage {
  private readonly api = inject(TaskApi);
  private readonly router = inject(Router);
  private readonly i18n = inject(I18n);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);
  private readonly auth = inject(Auth);
  protected readonly live = inject(LiveUpdates);
  protected readonly now = injectNow();
  private readonly t = (key: string, params?: Readonly<Record<string, string | number>>) => this.i18n.t(key, params);

  protected readonly scopes: readonly TaskScope[] = ['mine', 'unit', 'all'];
  protected readonly severities = ['critical', 'warning', 'info'] as const;
  readonly scope = signal<TaskScope>(storedScope());
  readonly tasks = signal<InboxTask[]>([]);
  readonly loading = signal(true);
  readonly error = signal<string | null>(null);
  readonly filter = signal<InboxFilter>(NO_FILTER);
  readonly sort = signal<InboxSort>('sla');
  readonly rows = computed(() => sortTasks(filterTasks(this.tasks(), this.filter()), this.sort()));
  readonly selectedId = signal<string | null>(null);
  /** Rows that arrived with a live refetch, highlighted for a few seconds. */
  readonly fresh = signal<ReadonlySet<string>>(new Set());
  /** The task whose claim or release is in flight. */
  readonly busy = signal<string | null>(null);
  readonly rowError = signal<{ id: string; message: string } | null>(null);
  readonly notice = signal<string | null>(null);
  readonly units = signal<ReadonlyMap<string, string>>(new Map());
  private generation = 0;
  /** Full loads in flight: a delta would be overwritten by their answer, so it waits for them. */
  private loadsInFlight = 0;
  /** Tasks whose change is heard but not yet fetched. */
  private readonly pendingIds = new Set<string>();
  /** Deltas run one after another, so an older answer never lands after a newer one. */
  private deltas: Promise<void> = Promise.resolve();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();

  constructor() {
    void this.load(false);
    void this.api.unitNames().then((m) => this.units.set(m));
    // A task change names the task; an incident change (severity, status) names the listed tasks of that incident.
    const named = this.live.changes.pipe(
      map((c) => (c.entity === 'task' ? [c.id] : this.tasks().flatMap((t) => (t.incidentId === c.incidentId ? [t.id] : [])))),
      filter((ids) => ids.length > 0),
    );
    named.pipe(buffer(named.pipe(debounceTime(LIVE_DEBOUNCE_MS))), takeUntilDestroyed()).subscribe((burst) => void this.refresh(burst.flat()));
    this.live.resyncs.pipe(debounceTime(LIVE_DEBOUNCE_MS), takeUntilDestroyed()).subscribe(() => void this.load(true));
    inject(DestroyRef).onDestroy(() => this.timers.forEach(clearTimeout));
  }

  selectScope(scope: TaskScope): void {
    if (scope === this.scope()) return;
    this.scope.set(scope);
    try {
      localStorage.setItem(SCOPE_KEY, scope);
    } catch {
      /* the choice lasts for this page only */
    }
    this.tasks.set([]);
    this.loading.set(true);
    void this.load(false);
  }

  setFilter(change: Partial<InboxFilter>): void {
    this.filter.update((f) => ({ ...f, ...change }));
  }

  /** Loads the scope's tasks; `markNew` highlights the rows that were not there before (live refetches). */
  async load(markNew: boolean): Promise<void> {
    const generation = ++this.generation;
    this.loadsInFlight++;
    try {
      const items = await this.api.list(this.scope());
      if (generation !== this.generation) return; // a newer load (or another tab) won
      if (markNew) {
        const before = new Set(this.tasks().map((t) => t.id));
        this.flash(items.filter((t) => !before.has(t.id)).map((t) => t.id));
      }
      this.tasks.set(items);
      this.error.set(null);
    } catch (err) {
      if (generation === this.generation) this.error.set(describeTaskProblem(apiProblem(err), this.t));
    } finally {
      if (generation === this.generation) this.loading.set(false);
      if (--this.loadsInFlight === 0 && this.pendingIds.size) void this.refresh([]);
    }
  }

  /**
   * Fetches the named tasks (and any still pending) and puts them in the list: each answered task
   * replaces its row or arrives highlighted; a named task not answered has left the list.
   */
  refresh(ids: readonly string[]): Promise<void> {
    for (const id of ids) this.pendingIds.add(id);
    this.deltas = this.deltas.then(() => this.applyDelta());
    return this.deltas;
  }

  private async applyDelta(): Promise<void> {
    if (!this.pendingIds.size || this.loadsInFlight) return; // nothing to do, or the load's end asks again
    const named = [...this.pendingIds];
    this.pendingIds.clear();
    if (named.length > DELTA_MAX_TASKS) return this.load(true);
    const generation = this.generation;
    try {
      const items = await this.api.changed(this.scope(), named);
      if (generation !== this.generation) {
        // A full load began meanwhile and may answer with older rows: fetch these again after it.
        named.forEach((id) => this.pendingIds.add(id));
        if (!this.loadsInFlight) void this.refresh([]);
        return;
      }
      const gone = new Set(named);
      const before = new Set(this.tasks().map((t) => t.id));
      this.tasks.update((list) => [...list.filter((t) => !gone.has(t.id)), ...items]);
      this.flash(items.filter((t) => !before.has(t.id)).map((t) => t.id));
      this.error.set(null);
    } catch (err) {
      this.error.set(describeTaskProblem(apiProblem(err), this.t));
    }
  }

  async claimTask(task: InboxTask): Promise<void> {
    await this.act(task, () => this.api.claim(task.id), 'inbox.claimed');
  }

  async releaseTask(task: InboxTask): Promise<void> {
    await this.act(task, () => this.api.release(task.id), 'inbox.released');
  }

  private async act(task: InboxTask, call: () => Promise<TaskView>, done: string): Promise<void> {
    if (this.busy()) return;
    this.busy.set(task.id);
    this.rowError.set(null);
    this.notice.set(null);
    try {
      const updated = await call();
      this.tasks.update((list) => list.map((t) => (t.id === updated.id ? { ...t, ...updated, incident: t.incident } : t)));
      this.notice.set(this.t(done, { name: task.name }));
    } catch (err) {
      const problem = apiProblem(err);
      this.rowError.set({ id: task.id, message: describeTaskProblem(problem, this.t) });
      if (problem.status === 409 || problem.status === 404) void this.load(false); // someone else moved it: show the truth
    } finally {
      this.busy.set(null);
    }
  }

  canClaim(task: InboxTask): boolean {
    return task.status === 'open';
  }

  canRelease(task: InboxTask): boolean {
    return task.status === 'claimed' && (task.assignee === this.auth.user()?.username || this.auth.hasRole('leader', 'admin'));
  }

  dueText(task: InboxTask): string {
    return formatCountdown(task.dueAt, this.now(), this.t);
  }

  dueClassOf(task: InboxTask): string {
    return dueClass(task.dueAt, this.now());
  }

  dueTitle(task: InboxTask): string {
    return task.dueAt ? this.i18n.dateTime(task.dueAt) : '';
  }

  unitName(unit: string | null): string {
    return unit ? (this.units().get(unit) ?? unit) : '—';
  }

  select(id: string): void {
    this.selectedId.set(id);
  }

  /** ↑/↓ or j/k move the selection, Enter opens, c claims, r releases (not while typing in a field). */
  onKey(event: KeyboardEvent): void {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target as HTMLElement | null;
    if (target?.closest?.('input, select, textarea, [contenteditable="true"]')) return;
    const rows = this.rows();
    const current = rows.find((t) => t.id === this.selectedId());
    switch (event.key) {
      case 'ArrowDown':
      case 'j':
        this.move(rows, 1);
        break;
      case 'ArrowUp':
      case 'k':
        this.move(rows, -1);
        break;
      case 'Enter':
        if (!current || target?.closest?.('a, button')) return; // a focused link or button does its own thing
        void this.router.navigate(['/tasks', current.id]);
        break;
      case 'c':
        if (!current || !this.canClaim(current)) return;
        void this.claimTask(current);
        break;
      case 'r':
        if (!current || !this.canRelease(current)) return;
        void this.releaseTask(current);
        break;
      default:
        return;
    }
    event.preventDefault();
  }

  private move(rows: InboxTask[], by: 1 | -1): void {
    if (!rows.length) return;
    const at = rows.findIndex((t) => t.id === this.selectedId());
    const next = at < 0 ? (by > 0 ? 0 : rows.length - 1) : Math.min(rows.length - 1, Math.max(0, at + by));
    const id = rows[next]!.id;
    this.selectedId.set(id);
    afterNextRender(
      () => {
        const row = [...this.host.nativeElement.querySelectorAll<HTMLElement>('[data-task-id]')].find((el) => el.dataset['taskId'] === id);
        row?.scrollIntoView?.({ block: 'nearest' }); // jsdom has no scrollIntoView
      },
      { injector: this.injector },
    );
  }

  private flash(ids: string[]): void {
    if (!ids.length) return;
    this.fresh.update((s) => new Set([...s, ...ids]));
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.fresh.update((s) => new Set([...s].filter((id) => !ids.includes(id))));
    }, FRESH_MS);
    this.timers.add(timer);
  }
}

function storedScope(): TaskScope {
  try {
    const v = localStorage.getItem(SCOPE_KEY);
    if (v === 'mine' || v === 'unit' || v === 'all') return v;
  } catch {
    /* no storage */
  }
  return 'unit';
}
