import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { auditQueryString, type AuditCursor, type AuditFilter } from './audit-query';

export interface AuditEntry {
  id: string;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

export interface AuditPage {
  items: AuditEntry[];
  nextBefore: string | null;
  nextBeforeId: string | null;
}

/** The audit trail (admins and auditors). */
@Injectable({ providedIn: 'root' })
export class AuditApi {
  private readonly http = inject(HttpClient);

  search(filter: AuditFilter, page: { limit: number; cursor?: AuditCursor | null }): Promise<AuditPage> {
    return firstValueFrom(this.http.get<AuditPage>(`/api/audit?${auditQueryString(filter, page)}`));
  }
}
