import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { apiProblem, type ApiProblem } from '@ui/api-problem';
import { I18n, TranslatePipe } from '@ui/i18n';
import { AuditApi, type AuditEntry } from './audit-api';
import { EMPTY_AUDIT_FILTER, type AuditCursor, type AuditFilter } from './audit-query';

const PAGE = 50;
const ENTITIES = ['unit', 'user', 'source', 'kpi', 'rule', 'sop', 'incident', 'task'];

/** Who changed what and when: filters, newest first, older pages appended on request. */
@Component({
  selector: 'adm-audit',
  imports: [FormsModule, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './audit.page.html',
  styles: `
    .filters {
      display: flex;
      flex-wrap: wrap;
      align-items: flex-end;
      gap: 0.25rem;
      margin-bottom: 0.75rem;
    }
    .filters button {
      margin-bottom: 0.5rem;
    }
    pre {
      margin: 0.25rem 0;
      font-size: 0.8rem;
      white-space: pre-wrap;
      max-width: 36rem;
    }
    .nowrap {
      white-space: nowrap;
    }
  `,
})
export class AuditPage {
  private readonly api = inject(AuditApi);
  protected readonly i18n = inject(I18n);
  protected readonly entities = ENTITIES;
  protected filter: AuditFilter = { ...EMPTY_AUDIT_FILTER };
  protected readonly entries = signal<AuditEntry[] | null>(null);
  protected readonly next = signal<AuditCursor | null>(null);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly busy = signal(false);

  constructor() {
    void this.search();
  }

  protected async search(): Promise<void> {
    this.entries.set(null);
    await this.fetch(null);
  }

  protected async clear(): Promise<void> {
    this.filter = { ...EMPTY_AUDIT_FILTER };
    await this.search();
  }

  protected async older(): Promise<void> {
    await this.fetch(this.next());
  }

  protected json(value: unknown): string {
    return JSON.stringify(value, null, 1);
  }

  protected fieldError(field: string): string {
    return this.problem()?.fields[field] ?? '';
  }

  private async fetch(cursor: AuditCursor | null): Promise<void> {
    this.busy.set(true);
    this.problem.set(null);
    try {
      const page = await this.api.search(this.filter, { limit: PAGE, cursor });
      this.entries.set([...(cursor ? (this.entries() ?? []) : []), ...page.items]);
      this.next.set(page.nextBefore ? { before: page.nextBefore, beforeId: page.nextBeforeId } : null);
    } catch (err) {
      this.problem.set(apiProblem(err));
      if (!cursor) this.entries.set([]);
    } finally {
      this.busy.set(false);
    }
  }
}
