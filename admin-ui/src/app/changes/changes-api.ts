import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';

/** What a change request does (four eyes: it goes live when a second admin approves it). */
export type ChangeKind = 'sop.deploy' | 'rule.save' | 'rule.enable' | 'rule.disable' | 'rule.delete';
export type ChangeStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn' | 'superseded';
export type ChangeEntity = 'sop' | 'rule';

/** One change request as `GET /api/changes` lists it; the `may*` flags are the server's word for the caller. */
export interface ChangeSummary {
  id: string;
  kind: ChangeKind;
  entity: ChangeEntity;
  key: string;
  title: string;
  baseVersion: number | null;
  requestedBy: string;
  requestedAt: string;
  status: ChangeStatus;
  decidedBy: string | null;
  decidedAt: string | null;
  reason: string | null;
  result: { version: number } | null;
  mayApprove: boolean;
  mayReject: boolean;
  mayWithdraw: boolean;
}

export interface ElementProblem {
  elementId: string;
  message: string;
}

/** An element of the proposed SOP that differs from the version running now. */
export interface ChangedElement {
  id: string;
  name: string | null;
  type: string;
  change: 'added' | 'removed' | 'changed';
}

export interface SopChangeDetail {
  name: string;
  /** The proposed diagram. */
  bpmnXml: string;
  current: { version: number; bpmnXml: string } | null;
  problems: { errors: ElementProblem[]; warnings: ElementProblem[] };
  elements: ChangedElement[];
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface RuleChangeDetail {
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  fields: FieldChange[];
}

export type ChangeDetail = (ChangeSummary & { entity: 'sop'; detail: SopChangeDetail }) | (ChangeSummary & { entity: 'rule'; detail: RuleChangeDetail });

/** What a change that needs a second admin answers (202) instead of going live. */
export interface PendingApproval {
  pendingApproval: true;
  change: ChangeSummary;
}

/** Whether a write's answer is a 202 "awaiting approval" rather than the change itself. */
export function isPendingApproval(body: unknown): body is PendingApproval {
  return !!body && typeof body === 'object' && (body as { pendingApproval?: unknown }).pendingApproval === true;
}

const path = (id: string) => `/api/changes/${encodeURIComponent(id)}`;

/** The API calls of the approval screens (`/api/changes`). */
@Injectable({ providedIn: 'root' })
export class ChangesApi {
  private readonly http = inject(HttpClient);

  /** The requests, newest first, and whether four eyes is on. */
  list(status: 'pending' | 'decided' | 'all' = 'pending'): Promise<{ fourEyes: boolean; items: ChangeSummary[] }> {
    return firstValueFrom(this.http.get<{ fourEyes: boolean; items: ChangeSummary[] }>('/api/changes', { params: { status } }));
  }

  get(id: string): Promise<ChangeDetail> {
    return firstValueFrom(this.http.get<ChangeDetail>(path(id)));
  }

  approve(id: string, note?: string): Promise<ChangeSummary> {
    return firstValueFrom(this.http.post<ChangeSummary>(`${path(id)}/approve`, note ? { note } : {}));
  }

  reject(id: string, reason: string): Promise<ChangeSummary> {
    return firstValueFrom(this.http.post<ChangeSummary>(`${path(id)}/reject`, { reason }));
  }

  withdraw(id: string): Promise<ChangeSummary> {
    return firstValueFrom(this.http.post<ChangeSummary>(`${path(id)}/withdraw`, {}));
  }
}
