import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { TranslatePipe } from '@ui/i18n';
import { PERIODS, cityDay, type DashboardFilters, type Period } from './dashboard-filters';
import { SEVERITIES, type Severity, type SopOption, type UnitOption } from './metrics-types';

/**
 * Period (today, 7 days, 30 days, custom dates), SOP, unit and severity. Emits the whole new
 * filter set; the page writes it to the URL and every panel refetches from there.
 */
@Component({
  selector: 'op-filters-bar',
  imports: [TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form class="bar" role="search" [attr.aria-label]="'dashboard.filters' | t" (submit)="$event.preventDefault()">
      <fieldset class="periods">
        <legend>{{ 'dashboard.period' | t }}</legend>
        @for (p of periods; track p) {
          <button type="button" [class.on]="filters().period === p" [attr.aria-pressed]="filters().period === p" [attr.data-test]="'period-' + p" (click)="setPeriod(p)">
            {{ 'dashboard.period.' + p | t }}
          </button>
        }
      </fieldset>
      @if (filters().period === 'custom') {
        <label>
          {{ 'dashboard.from' | t }}
          <input type="date" data-test="from" [value]="filters().from ?? ''" [max]="today()" (change)="setDay('from', $any($event.target).value)" />
        </label>
        <label>
          {{ 'dashboard.to' | t }}
          <input type="date" data-test="to" [value]="filters().to ?? ''" [max]="today()" (change)="setDay('to', $any($event.target).value)" />
        </label>
      }
      <label>
        {{ 'dashboard.sop' | t }}
        <select data-test="filter-sop" (change)="set({ sop: $any($event.target).value || undefined })">
          <option value="" [selected]="!filters().sop">{{ 'dashboard.all' | t }}</option>
          @for (s of sops(); track s.key) {
            <option [value]="s.key" [selected]="s.key === filters().sop">{{ s.name }}</option>
          }
        </select>
      </label>
      <label>
        {{ 'dashboard.unit' | t }}
        <select data-test="filter-unit" (change)="set({ unit: $any($event.target).value || undefined })">
          <option value="" [selected]="!filters().unit">{{ 'dashboard.all' | t }}</option>
          @for (u of unitOptions(); track u.id) {
            <option [value]="u.id" [selected]="u.id === filters().unit">{{ u.label }}</option>
          }
        </select>
      </label>
      <label>
        {{ 'dashboard.severity' | t }}
        <select data-test="filter-severity" (change)="set({ severity: $any($event.target).value || undefined })">
          <option value="" [selected]="!filters().severity">{{ 'dashboard.all' | t }}</option>
          @for (s of severities; track s) {
            <option [value]="s" [selected]="s === filters().severity">{{ 'severity.' + s | t }}</option>
          }
        </select>
      </label>
      @if (filters().sop || filters().unit || filters().severity) {
        <button type="button" class="clear" data-test="clear-filters" (click)="set({ sop: undefined, unit: undefined, severity: undefined })">
          {{ 'dashboard.clearFilters' | t }}
        </button>
      }
    </form>
  `,
  styles: `
    .bar {
      display: flex;
      flex-wrap: wrap;
      align-items: flex-end;
      gap: 0.5rem 1rem;
    }
    fieldset {
      border: 0;
      padding: 0;
      margin: 0;
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem;
    }
    legend,
    label {
      font-size: 0.8rem;
      color: #455a64;
    }
    legend {
      padding: 0;
      margin-bottom: 0.15rem;
    }
    /* Fixed widths: a select as wide as its longest unit name would push the others to new lines. */
    label {
      display: flex;
      flex-direction: column;
      gap: 0.15rem;
      flex: 1 1 9rem;
      max-width: 16rem;
      min-width: 0;
    }
    select,
    input {
      width: 100%;
      min-width: 0;
    }
    .periods button {
      border: 1px solid var(--line, #b0bec5);
      background: #fff;
      border-radius: 4px;
      padding: 0.3rem 0.6rem;
      cursor: pointer;
    }
    .periods button.on {
      background: var(--accent);
      border-color: var(--accent);
      color: #fff;
    }
  `,
})
export class FiltersBar {
  readonly filters = input.required<DashboardFilters>();
  readonly units = input<readonly UnitOption[]>([]);
  readonly sops = input<readonly SopOption[]>([]);
  readonly changed = output<DashboardFilters>();
  /** Now, for the date pickers' upper bound (the page passes its clock). */
  readonly now = input<Date>(new Date());

  protected readonly periods = PERIODS;
  protected readonly severities: readonly Severity[] = SEVERITIES;
  protected readonly today = computed(() => cityDay(this.now()));
  /** Units in tree order, indented by depth, so a ward's teams sit under it. */
  protected readonly unitOptions = computed(() => indentedUnits(this.units()));

  setPeriod(period: Period): void {
    if (period === 'custom') {
      // Start a custom range from the last 7 days, so the pickers open on something sensible.
      const today = this.today();
      const from = this.filters().from ?? cityDay(new Date(this.now().getTime() - 6 * 86_400_000));
      this.set({ period, from, to: this.filters().to ?? today });
    } else this.set({ period, from: undefined, to: undefined });
  }

  setDay(which: 'from' | 'to', day: string): void {
    if (/^\d{4}-\d{2}-\d{2}$/.test(day)) this.set({ [which]: day });
  }

  set(patch: Partial<DashboardFilters>): void {
    const next: DashboardFilters = { ...this.filters(), ...patch };
    for (const k of Object.keys(next) as (keyof DashboardFilters)[]) if (next[k] === undefined) delete next[k];
    this.changed.emit(next);
  }
}

/** Units in tree order with their depth shown by leading spaces (non-breaking, so a select keeps them). */
export function indentedUnits(units: readonly UnitOption[]): { id: string; label: string }[] {
  const ids = new Set(units.map((u) => u.id));
  const children = new Map<string | null, UnitOption[]>();
  for (const u of units) {
    const parent = u.parent && ids.has(u.parent) ? u.parent : null;
    children.set(parent, [...(children.get(parent) ?? []), u]);
  }
  const out: { id: string; label: string }[] = [];
  const walk = (parent: string | null, depth: number) => {
    for (const u of (children.get(parent) ?? []).sort((a, b) => a.name.localeCompare(b.name, 'vi'))) {
      out.push({ id: u.id, label: `${'\u00a0\u00a0'.repeat(depth)}${u.name}` });
      walk(u.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}
