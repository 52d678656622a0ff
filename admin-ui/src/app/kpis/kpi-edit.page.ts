import { ChangeDetectionStrategy, Component, effect, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { apiProblem, type ApiProblem } from '@ui/api-problem';
import { I18n, TranslatePipe } from '@ui/i18n';
import { LEVEL_COLOURS, fromRows, toRows, type ThresholdRow } from './kpi-thresholds';
import { KPI_DIRECTIONS, KPI_LEVELS, KPI_NO_DATA, KpisApi, type KpiBody } from './kpis-api';

/** Create or edit a KPI: names, unit, period, and the thresholds with their colours. */
@Component({
  selector: 'adm-kpi-edit',
  imports: [FormsModule, RouterLink, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './kpi-edit.page.html',
  styles: `
    .row {
      display: flex;
      align-items: flex-start;
      gap: 0.25rem;
    }
    input[type='color'] {
      padding: 0;
      width: 3rem;
      height: 2rem;
    }
  `,
})
export class KpiEditPage {
  readonly key = input<string>();
  /** Set (`?saved=1`) when a new KPI was just created and this page opened on it. */
  readonly saved = input<string>();
  private readonly api = inject(KpisApi);
  private readonly router = inject(Router);
  private readonly i18n = inject(I18n);
  protected readonly levels = KPI_LEVELS;
  protected readonly directions = KPI_DIRECTIONS;
  protected readonly noDataPolicies = KPI_NO_DATA;
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly message = signal('');
  protected readonly busy = signal(false);
  protected newKey = '';
  protected form: Omit<KpiBody, 'thresholds'> = { nameVi: '', nameEn: '', unit: '', direction: 'higher-is-better', window: 'P1D', noData: 'keep-last' };
  protected readonly rows = signal<ThresholdRow[]>([{ level: 'ok', from: '', to: '', colour: LEVEL_COLOURS.ok }]);

  constructor() {
    effect(() => {
      const key = this.key();
      if (key) void this.load(key);
    });
    effect(() => {
      const key = this.key();
      if (key && this.saved()) this.message.set(this.i18n.t('kpis.saved', { key }));
    });
  }

  protected addRow(): void {
    const level = KPI_LEVELS[Math.min(this.rows().length, KPI_LEVELS.length - 1)]!;
    this.rows.update((rows) => [...rows, { level, from: '', to: '', colour: LEVEL_COLOURS[level] }]);
  }

  protected removeRow(i: number): void {
    this.rows.update((rows) => rows.filter((_, j) => j !== i));
  }

  protected fieldError(field: string): string {
    return this.problem()?.fields[field] ?? '';
  }

  protected async save(): Promise<void> {
    const body: KpiBody = { ...this.form, thresholds: fromRows(this.rows()) };
    const key = this.key();
    this.busy.set(true);
    this.problem.set(null);
    this.message.set('');
    try {
      const saved = key ? await this.api.update(key, body) : await this.api.create(this.newKey, body);
      this.message.set(this.i18n.t('kpis.saved', { key: saved.key }));
      if (!key) await this.router.navigate(['/kpis', saved.key], { queryParams: { saved: 1 } });
    } catch (err) {
      this.problem.set(apiProblem(err));
    } finally {
      this.busy.set(false);
    }
  }

  private async load(key: string): Promise<void> {
    try {
      const k = await this.api.get(key);
      this.form = { nameVi: k.nameVi, nameEn: k.nameEn, unit: k.unit, direction: k.direction, window: k.window, noData: k.noData };
      this.rows.set(toRows(k.thresholds));
    } catch (err) {
      this.problem.set(apiProblem(err));
    }
  }
}
