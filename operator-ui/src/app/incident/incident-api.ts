import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { LatLon } from '@ui/city-map';
import { firstValueFrom } from 'rxjs';

export type Severity = 'info' | 'warning' | 'critical';
export type IncidentStatus = 'open' | 'monitoring' | 'resolved' | 'cancelled' | 'failed';

export interface FailedStep {
  stepId: string;
  errorType: string;
  message: string;
  at: string;
}

export interface IncidentView {
  id: string;
  title: string;
  status: IncidentStatus;
  severity: Severity;
  sopKey: string;
  sopVersion: number;
  unit: string | null;
  eventCount: number;
  openedAt: string;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  resolution: string | null;
  location: LatLon | null;
  failedSteps: FailedStep[];
  reportedBy: string | null;
}

export interface IncidentTask {
  id: string;
  incidentId: string;
  stepId: string;
  name: string;
  status: 'open' | 'claimed' | 'completed' | 'skipped' | 'cancelled';
  unit: string | null;
  assignee: string | null;
  dueAt: string | null;
  escalationLevel: number | null;
  /** Whether this user may open and work the step (another ward's step is only listed). */
  mayAct: boolean;
}

export interface ThreadEntry {
  id: string;
  incidentId: string;
  author: string;
  kind: 'comment' | 'directive';
  text: string;
  createdAt: string;
  pinned?: boolean;
}

export interface UnitOption {
  id: string;
  name: string;
}

const path = (id: string) => `/api/incidents/${encodeURIComponent(id)}`;

/** The incident list and page's calls; errors reach the caller as HttpErrorResponse (read with apiProblem). */
@Injectable({ providedIn: 'root' })
export class IncidentApi {
  private readonly http = inject(HttpClient);

  list(status?: IncidentStatus): Promise<{ items: IncidentView[]; total: number }> {
    const params: Record<string, string | number> = { limit: 500, ...(status ? { status } : {}) };
    return firstValueFrom(this.http.get<{ items: IncidentView[]; total: number }>('/api/incidents', { params }));
  }

  get(id: string): Promise<IncidentView> {
    return firstValueFrom(this.http.get<IncidentView>(path(id)));
  }

  /** Every step of the incident, oldest first, each saying whether this user may open and work it. */
  async tasks(incidentId: string): Promise<IncidentTask[]> {
    return (await firstValueFrom(this.http.get<{ items: IncidentTask[] }>(`${path(incidentId)}/tasks`))).items;
  }

  async comments(id: string): Promise<ThreadEntry[]> {
    return (await firstValueFrom(this.http.get<{ items: ThreadEntry[] }>(`${path(id)}/comments`))).items;
  }

  postComment(id: string, text: string, kind: 'comment' | 'directive'): Promise<ThreadEntry> {
    return firstValueFrom(this.http.post<ThreadEntry>(`${path(id)}/comments`, { text, kind }));
  }

  cancel(id: string, reason: string): Promise<unknown> {
    return firstValueFrom(this.http.post(`${path(id)}/cancel`, { reason }));
  }

  raiseSeverity(id: string, severity: Severity, reason?: string): Promise<unknown> {
    return firstValueFrom(this.http.post(`${path(id)}/severity`, { severity, ...(reason ? { reason } : {}) }));
  }

  retryStep(id: string, stepId: string): Promise<unknown> {
    return firstValueFrom(this.http.post(`${path(id)}/steps/${encodeURIComponent(stepId)}/retry`, {}));
  }

  skipStep(id: string, stepId: string, justification: string): Promise<unknown> {
    return firstValueFrom(this.http.post(`${path(id)}/steps/${encodeURIComponent(stepId)}/skip`, { justification }));
  }

  reassignTask(taskId: string, body: { unit?: string; user?: string; reason: string }): Promise<unknown> {
    return firstValueFrom(this.http.post(`/api/tasks/${encodeURIComponent(taskId)}/reassign`, body));
  }

  escalateTask(taskId: string): Promise<unknown> {
    return firstValueFrom(this.http.post(`/api/tasks/${encodeURIComponent(taskId)}/escalate`, {}));
  }

  async units(): Promise<UnitOption[]> {
    return (await firstValueFrom(this.http.get<{ items: UnitOption[] }>('/api/units'))).items;
  }
}
