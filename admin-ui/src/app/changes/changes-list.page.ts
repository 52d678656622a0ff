import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { apiProblem } from '@ui/api-problem';
import { I18n, TranslatePipe } from '@ui/i18n';
import { ChangesApi, type ChangeEntity, type ChangeSummary } from './changes-api';

type Tab = 'pending' | 'decided';

/** `/changes` "Chờ duyệt": the change requests awaiting a second admin, and (second tab) those decided. */
@Component({
  selector: 'adm-changes-list',
  imports: [RouterLink, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'changes.title' | t }}</h1>
    @if (fourEyes() === false) {
      <div class="banner warn" data-test="four-eyes-off">{{ 'changes.off' | t }}</div>
    }
    <div class="bar">
      <div class="tabs" role="tablist">
        <button type="button" role="tab" [class.on]="tab() === 'pending'" [attr.aria-selected]="tab() === 'pending'" data-test="tab-pending" (click)="show('pending')">
          {{ 'changes.tab.pending' | t }}
        </button>
        <button type="button" role="tab" [class.on]="tab() === 'decided'" [attr.aria-selected]="tab() === 'decided'" data-test="tab-decided" (click)="show('decided')">
          {{ 'changes.tab.decided' | t }}
        </button>
      </div>
      <label
        >{{ 'changes.filter.entity' | t }}
        <select data-test="entity-filter" [value]="entity()" (change)="entity.set(value($event))">
          <option value="">{{ 'changes.filter.all' | t }}</option>
          <option value="sop">{{ 'changes.entity.sop' | t }}</option>
          <option value="rule">{{ 'changes.entity.rule' | t }}</option>
        </select>
      </label>
    </div>
    @if (error()) {
      <div class="banner error" role="alert">{{ error() }}</div>
    }
    @if (shown(); as list) {
      @if (list.length) {
        <table data-test="changes-table">
          <thead>
            <tr>
              <th>{{ 'changes.kind' | t }}</th>
              <th>{{ 'changes.subject' | t }}</th>
              <th>{{ 'changes.author' | t }}</th>
              <th>{{ 'changes.requestedAt' | t }}</th>
              @if (tab() === 'decided') {
                <th>{{ 'changes.status' | t }}</th>
                <th>{{ 'changes.decidedBy' | t }}</th>
                <th>{{ 'changes.reason' | t }}</th>
                <th>{{ 'changes.resultVersion' | t }}</th>
              }
            </tr>
          </thead>
          <tbody>
            @for (c of list; track c.id) {
              <tr data-test="change-row" [attr.data-change]="c.id">
                <td>{{ 'changes.kind.' + c.kind | t }}</td>
                <td>
                  <a [routerLink]="['/changes', c.id]" data-test="open-change">{{ c.key }}</a>
                  <br /><span class="muted">{{ c.title }}</span>
                </td>
                <td>{{ c.requestedBy }}</td>
                <td>{{ i18n.dateTime(c.requestedAt) }}</td>
                @if (tab() === 'decided') {
                  <td>
                    <span class="status" [class]="c.status">{{ 'changes.status.' + c.status | t }}</span>
                  </td>
                  <td>
                    {{ c.decidedBy ?? '—' }}
                    @if (c.decidedAt) {
                      <br /><span class="muted">{{ i18n.dateTime(c.decidedAt) }}</span>
                    }
                  </td>
                  <td data-test="change-reason">{{ c.reason ?? '—' }}</td>
                  <td>{{ c.result ? 'v' + c.result.version : '—' }}</td>
                }
              </tr>
            }
          </tbody>
        </table>
      } @else {
        <p data-test="changes-empty">{{ (tab() === 'pending' ? 'changes.emptyPending' : 'changes.emptyDecided') | t }}</p>
      }
    } @else if (!error()) {
      <p>{{ 'common.loading' | t }}</p>
    }
  `,
  styles: `
    .bar {
      display: flex;
      flex-wrap: wrap;
      align-items: flex-end;
      justify-content: space-between;
      gap: 0.75rem;
      margin-bottom: 0.75rem;
    }
    .tabs {
      display: flex;
      gap: 0.25rem;
    }
    .tabs button.on {
      background: var(--accent);
      border-color: var(--accent);
      color: #fff;
    }
    .muted {
      color: var(--muted);
      font-size: 0.85rem;
    }
    .status {
      padding: 0.05rem 0.45rem;
      border-radius: 8px;
      font-size: 0.85rem;
      background: #eceff1;
    }
    .status.approved {
      background: #e8f5e9;
      color: #1b5e20;
    }
    .status.rejected {
      background: #fdecea;
      color: var(--danger);
    }
  `,
})
export class ChangesListPage {
  private readonly api = inject(ChangesApi);
  protected readonly i18n = inject(I18n);

  protected readonly tab = signal<Tab>('pending');
  protected readonly entity = signal<'' | ChangeEntity>('');
  protected readonly items = signal<ChangeSummary[] | null>(null);
  protected readonly fourEyes = signal<boolean | null>(null);
  protected readonly error = signal('');
  protected readonly shown = computed(() => {
    const entity = this.entity();
    return this.items()?.filter((c) => !entity || c.entity === entity) ?? null;
  });
  private seq = 0;

  constructor() {
    void this.load();
  }

  protected show(tab: Tab): void {
    if (tab === this.tab()) return;
    this.tab.set(tab);
    void this.load();
  }

  protected value(event: Event): '' | ChangeEntity {
    const v = (event.target as HTMLSelectElement).value;
    return v === 'sop' || v === 'rule' ? v : '';
  }

  private async load(): Promise<void> {
    const seq = ++this.seq;
    this.items.set(null);
    this.error.set('');
    try {
      const { fourEyes, items } = await this.api.list(this.tab());
      if (seq !== this.seq) return; // the other tab was chosen meanwhile
      this.fourEyes.set(fourEyes);
      this.items.set(items);
    } catch (err) {
      if (seq === this.seq) this.error.set(apiProblem(err).message);
    }
  }
}
