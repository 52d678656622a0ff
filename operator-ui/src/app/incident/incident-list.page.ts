import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { apiProblem } from '@ui/api-problem';
import { I18n, TranslatePipe } from '@ui/i18n';
import { merge } from 'rxjs';
import { filter } from 'rxjs/operators';
import { LiveUpdates } from '../live/live-updates';
import { IncidentApi, type IncidentStatus, type IncidentView, type Severity } from './incident-api';
import { SEVERITIES, STATUSES, byUrgency } from './incident-rules';

/** `/incidents`: the incidents the user may see, open and worst first, filtered by status and severity, kept current by the live stream. */
@Component({
  selector: 'op-incident-list-page',
  imports: [FormsModule, RouterLink, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './incident-list.page.html',
  styleUrl: './incident-list.page.css',
})
export class IncidentListPage {
  private readonly api = inject(IncidentApi);
  protected readonly i18n = inject(I18n);
  protected readonly statuses = STATUSES;
  protected readonly severities = SEVERITIES;

  protected readonly status = signal<IncidentStatus | ''>('');
  protected readonly severity = signal<Severity | ''>('');
  private readonly items = signal<IncidentView[]>([]);
  protected readonly total = signal(0);
  protected readonly loading = signal(true);
  protected readonly error = signal<string | null>(null);
  protected readonly shown = computed(() => {
    const severity = this.severity();
    return this.items()
      .filter((i) => !severity || i.severity === severity)
      .sort(byUrgency);
  });

  constructor() {
    const live = inject(LiveUpdates);
    // Any incident change may add, close or re-rank a row: refetch the list (the stream carries ids only).
    merge(live.changes.pipe(filter((c) => c.action.startsWith('incident.'))), live.resyncs)
      .pipe(takeUntilDestroyed(inject(DestroyRef)))
      .subscribe(() => void this.load());
    void this.load();
  }

  protected setStatus(value: IncidentStatus | ''): void {
    this.status.set(value);
    void this.load();
  }

  protected async load(): Promise<void> {
    const status = this.status();
    try {
      const res = await this.api.list(status || undefined);
      if (status !== this.status()) return; // the filter changed while this was on its way
      this.items.set(res.items);
      this.total.set(res.total);
      this.error.set(null);
    } catch (err) {
      this.error.set(apiProblem(err).message);
    } finally {
      this.loading.set(false);
    }
  }
}
