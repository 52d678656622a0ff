import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked, viewChild } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { merge } from 'rxjs';
import { debounceTime, filter, map } from 'rxjs/operators';
import { apiProblem } from '@ui/api-problem';
import { localiseFieldMessages } from '@ui/form-rules';
import { Auth } from '@ui/auth';
import { FormioRenderer } from '@ui/formio-renderer';
import { I18n, TranslatePipe } from '@ui/i18n';
import { dueClass, formatCountdown } from '../inbox/countdown';
import { IncidentContextComponent } from '../incident-context/incident-context.component';
import { injectNow } from '../live/clock';
import { LiveUpdates } from '../live/live-updates';
import { forTaskPage } from './form-definition';
import { placeFieldErrors, type FormErrorLine } from './form-errors';
import { TaskApi, type InboxTask, type TaskForm, type TaskIncident, type TaskView } from './task-api';
import { describeTaskProblem } from './task-errors';

/** Live changes come in bursts (the step completes, the workflow opens the next): one reaction per burst. */
const LIVE_DEBOUNCE_MS = 80;

/**
 * One step of an incident's SOP: who has it and until when, its Form.io form submitted to our API
 * (claimed automatically first when still open; the server's validation shown on the fields), and
 * once done, the incident's next step when it becomes this user's to take. The incident's context
 * (readings, map, timeline, diagram) follows below and refreshes with live changes of the incident.
 */
@Component({
  selector: 'op-task-page',
  imports: [TranslatePipe, RouterLink, FormioRenderer, IncidentContextComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './task.page.html',
  styleUrl: './task.page.css',
})
export class TaskPage {
  /** The route's `:id`. */
  readonly id = input.required<string>();

  private readonly api = inject(TaskApi);
  private readonly auth = inject(Auth);
  private readonly i18n = inject(I18n);
  private readonly live = inject(LiveUpdates);
  protected readonly now = injectNow();
  private readonly t = (key: string, params?: Readonly<Record<string, string | number>>) => this.i18n.t(key, params);

  readonly task = signal<TaskView | null>(null);
  readonly incident = signal<TaskIncident | null>(null);
  readonly form = signal<TaskForm | null>(null);
  readonly loading = signal(true);
  readonly loadError = signal<string | null>(null);
  /** What the operator has typed (Form.io reports every change). */
  readonly data = signal<Record<string, unknown>>({});
  readonly busy = signal(false);
  readonly actionError = signal<string | null>(null);
  readonly fieldErrors = signal<Record<string, string>>({});
  readonly errorSummary = signal<FormErrorLine[]>([]);
  /** Completed by this user on this page. */
  readonly done = signal(false);
  /** The incident's next step, once it is open to this user or theirs. */
  readonly next = signal<InboxTask | null>(null);
  /** Bumped on live changes of the incident, so the context refetches. */
  readonly refresh = signal(0);
  private readonly renderer = viewChild(FormioRenderer);

  private readonly me = computed(() => this.auth.user()?.username ?? null);
  /** The form can be filled while the task waits or is claimed by this user. */
  readonly canWork = computed(() => {
    const t = this.task();
    return !!t && (t.status === 'open' || (t.status === 'claimed' && t.assignee === this.me()));
  });
  readonly canRelease = computed(() => {
    const t = this.task();
    return !!t && t.status === 'claimed' && (t.assignee === this.me() || this.auth.hasRole('leader', 'admin'));
  });
  readonly dueText = computed(() => formatCountdown(this.task()?.dueAt, this.now(), this.t));
  readonly dueClass = computed(() => dueClass(this.task()?.dueAt, this.now()));
  private generation = 0;

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => void this.load(id));
    });
    const ofIncident = (c: { incidentId: string }) => c.incidentId === this.task()?.incidentId;
    merge(this.live.changes.pipe(filter(ofIncident)), this.live.resyncs.pipe(map(() => null)))
      .pipe(debounceTime(LIVE_DEBOUNCE_MS), takeUntilDestroyed())
      .subscribe(() => void this.onIncidentChanged());
  }

  /** Loads the task, then its incident and form side by side; a new `:id` starts over. */
  async load(id: string): Promise<void> {
    const generation = ++this.generation;
    this.loading.set(true);
    this.loadError.set(null);
    this.done.set(false);
    this.next.set(null);
    this.clearErrors();
    try {
      const task = await this.api.get(id);
      if (generation !== this.generation) return;
      this.task.set(task);
      const [incident, form] = await Promise.all([this.api.incident(task.incidentId).catch(() => null), task.formKey ? this.api.form(id) : Promise.resolve(null)]);
      if (generation !== this.generation) return;
      this.incident.set(incident);
      this.form.set(form ? forTaskPage(form) : null);
    } catch (err) {
      if (generation === this.generation) this.loadError.set(describeTaskProblem(apiProblem(err), this.t));
    } finally {
      if (generation === this.generation) this.loading.set(false);
    }
  }

  async claimTask(): Promise<void> {
    await this.act(async (t) => this.task.set(await this.api.claim(t.id)));
  }

  async releaseTask(): Promise<void> {
    await this.act(async (t) => this.task.set(await this.api.release(t.id)));
  }

  /** Claims first when the task still waits, then completes it with the form's data; a 400 lands on the fields. */
  async submitTask(): Promise<void> {
    await this.act(async (t) => {
      let task = t;
      if (task.status === 'open') {
        task = await this.api.claim(task.id);
        this.task.set(task);
      }
      this.task.set(await this.api.complete(task.id, this.renderer()?.currentData() ?? this.data()));
      this.done.set(true);
      void this.findNext();
    });
  }

  private async act(step: (task: TaskView) => Promise<void>): Promise<void> {
    const task = this.task();
    if (!task || this.busy()) return;
    this.busy.set(true);
    this.clearErrors();
    try {
      await step(task);
    } catch (err) {
      const problem = apiProblem(err);
      if (problem.status === 400) {
        const placed = placeFieldErrors(localiseFieldMessages(problem, this.t), this.form()?.components ?? []);
        this.fieldErrors.set(placed.byKey);
        this.errorSummary.set(placed.summary);
        this.actionError.set(this.t('task.invalid'));
      } else {
        this.actionError.set(describeTaskProblem(problem, this.t));
        if (problem.status === 409) void this.reloadTask(); // someone else moved it: show where it is now
      }
    } finally {
      this.busy.set(false);
    }
  }

  private clearErrors(): void {
    this.actionError.set(null);
    this.fieldErrors.set({});
    this.errorSummary.set([]);
  }

  private async reloadTask(): Promise<void> {
    const id = this.id();
    try {
      const task = await this.api.get(id);
      if (id === this.id()) this.task.set(task);
    } catch {
      /* the banner already says what went wrong */
    }
  }

  /** A change of this incident (or a reconnect): refresh the context, the task, and look for the next step once done. */
  private async onIncidentChanged(): Promise<void> {
    this.refresh.update((n) => n + 1);
    await this.reloadTask();
    if (this.done() || this.task()?.status === 'completed') await this.findNext();
  }

  /** The incident's next step this user can take: open to them or already theirs. */
  private async findNext(): Promise<void> {
    const current = this.task();
    if (!current) return;
    try {
      const all = await this.api.list('all');
      const me = this.me();
      const next = all.find((t) => t.incidentId === current.incidentId && t.id !== current.id && (t.status === 'open' || (t.status === 'claimed' && t.assignee === me)));
      if (current.id === this.task()?.id) this.next.set(next ?? null);
    } catch {
      /* offering the next step is a convenience; the inbox has it too */
    }
  }
}
