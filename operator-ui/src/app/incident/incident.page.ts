import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { apiProblem } from '@ui/api-problem';
import { Auth } from '@ui/auth';
import { I18n, TranslatePipe } from '@ui/i18n';
import { IncidentContextComponent } from '../incident-context/incident-context.component';
import { LiveUpdates, type LiveChange } from '../live/live-updates';
import { IncidentApi, type IncidentTask, type IncidentView } from './incident-api';
import { IncidentOperationsComponent } from './incident-operations.component';
import { allowedOps } from './incident-rules';
import { IncidentTasksComponent } from './incident-tasks.component';
import { IncidentThreadComponent } from './incident-thread.component';

/**
 * `/incidents/:id`: the incident's header, its open tasks, the operations the user's role allows,
 * the live comment and directive thread, and its context (readings, map, timeline, SOP diagram).
 * Live changes about this incident refetch only the part they concern.
 */
@Component({
  selector: 'op-incident-page',
  imports: [RouterLink, TranslatePipe, IncidentContextComponent, IncidentOperationsComponent, IncidentTasksComponent, IncidentThreadComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './incident.page.html',
  styleUrl: './incident.page.css',
})
export class IncidentPage {
  private readonly api = inject(IncidentApi);
  private readonly auth = inject(Auth);
  protected readonly i18n = inject(I18n);
  /** The route's `:id`. */
  readonly id = input.required<string>();

  protected readonly incident = signal<IncidentView | null>(null);
  protected readonly tasks = signal<IncidentTask[]>([]);
  protected readonly error = signal<string | null>(null);
  protected readonly notFound = signal(false);
  /** Bumped per live change: the thread refetches comments, the context its parts. */
  protected readonly threadRefresh = signal(0);
  protected readonly contextRefresh = signal(0);
  protected readonly allowed = computed(() => {
    const incident = this.incident();
    return incident ? allowedOps((...roles) => this.auth.hasRole(...roles), incident) : null;
  });
  protected readonly canDirect = computed(() => !!this.auth.user() && this.auth.hasRole('leader', 'admin'));

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => {
        this.incident.set(null);
        void this.load(id);
      });
    });
    const live = inject(LiveUpdates);
    live.changes.pipe(takeUntilDestroyed(inject(DestroyRef))).subscribe((change) => this.onChange(change));
    live.resyncs.pipe(takeUntilDestroyed(inject(DestroyRef))).subscribe(() => {
      void this.load(this.id());
      this.threadRefresh.update((n) => n + 1);
      this.contextRefresh.update((n) => n + 1);
    });
  }

  private onChange(change: LiveChange): void {
    if (change.incidentId !== this.id()) return;
    if (change.action === 'comment.added' || change.action === 'directive.added') this.threadRefresh.update((n) => n + 1);
    else void this.load(this.id());
    // The timeline lists comments too, and the diagram follows the steps.
    this.contextRefresh.update((n) => n + 1);
  }

  protected async load(id: string): Promise<void> {
    try {
      const [incident, tasks] = await Promise.all([this.api.get(id), this.api.tasks(id).catch(() => [] as IncidentTask[])]);
      if (id !== this.id()) return;
      this.incident.set(incident);
      this.tasks.set(tasks);
      this.error.set(null);
    } catch (err) {
      const problem = apiProblem(err);
      this.notFound.set(problem.status === 404);
      this.error.set(problem.message);
    }
  }

  /** After an operation: the incident, its tasks and the context change. */
  protected changed(): void {
    void this.load(this.id());
    this.contextRefresh.update((n) => n + 1);
  }
}
