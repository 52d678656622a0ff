import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';

export type TaskStatus = 'open' | 'claimed' | 'completed' | 'skipped' | 'cancelled';
export type Severity = 'info' | 'warning' | 'critical';
export type TaskScope = 'mine' | 'unit' | 'all';

/** A human step as `GET /api/tasks/:id` returns it. */
export interface TaskView {
  id: string;
  incidentId: string;
  stepId: string;
  name: string;
  status: TaskStatus;
  unit: string | null;
  role: string | null;
  assignee: string | null;
  formKey: string | null;
  formVersion: number | null;
  createdAt: string;
  claimedAt: string | null;
  completedAt: string | null;
  dueAt: string | null;
  skippable: boolean;
  item: unknown;
  escalationLevel: number | null;
  completedBy: string | null;
}

/** The incident a task belongs to, as the inbox list carries it. */
export interface TaskIncident {
  id: string;
  title: string;
  severity: Severity;
  status: string;
  location: { lat: number; lon: number } | null;
}

/** A row of the inbox: the task with its incident (`GET /api/tasks` items). */
export interface InboxTask extends TaskView {
  incident: TaskIncident | null;
}

/** A Form.io form definition as stored (`GET /api/tasks/:id/form`). */
export interface TaskForm {
  key: string;
  version: number;
  title: string;
  components: FormComponent[];
}

/** The parts of a Form.io component the app reads (keys, labels and nesting). */
export interface FormComponent {
  key?: string;
  label?: string;
  type?: string;
  input?: boolean;
  components?: FormComponent[];
  columns?: { components?: FormComponent[] }[];
  [setting: string]: unknown;
}

export interface UnitView {
  id: string;
  name: string;
}

/** The calls of the inbox and the task page. */
@Injectable({ providedIn: 'root' })
export class TaskApi {
  private readonly http = inject(HttpClient);
  private units: Promise<Map<string, string>> | undefined;

  /** The open and claimed tasks of a scope, most urgent first. */
  async list(scope: TaskScope): Promise<InboxTask[]> {
    return (await firstValueFrom(this.http.get<{ items: InboxTask[] }>('/api/tasks', { params: { scope, sort: 'sla' } }))).items;
  }

  /** The named tasks as the scope's list shows them: a named task missing from the answer has left the list. */
  async changed(scope: TaskScope, ids: readonly string[]): Promise<InboxTask[]> {
    return (await firstValueFrom(this.http.get<{ items: InboxTask[] }>('/api/tasks', { params: { scope, sort: 'sla', ids: ids.join(',') } }))).items;
  }

  get(id: string): Promise<TaskView> {
    return firstValueFrom(this.http.get<TaskView>(`/api/tasks/${encodeURIComponent(id)}`));
  }

  form(id: string): Promise<TaskForm> {
    return firstValueFrom(this.http.get<TaskForm>(`/api/tasks/${encodeURIComponent(id)}/form`));
  }

  incident(id: string): Promise<TaskIncident> {
    return firstValueFrom(this.http.get<TaskIncident>(`/api/incidents/${encodeURIComponent(id)}`));
  }

  claim(id: string): Promise<TaskView> {
    return firstValueFrom(this.http.post<TaskView>(`/api/tasks/${encodeURIComponent(id)}/claim`, null));
  }

  release(id: string): Promise<TaskView> {
    return firstValueFrom(this.http.post<TaskView>(`/api/tasks/${encodeURIComponent(id)}/release`, null));
  }

  complete(id: string, data: Record<string, unknown>): Promise<TaskView> {
    return firstValueFrom(this.http.post<TaskView>(`/api/tasks/${encodeURIComponent(id)}/complete`, { data }));
  }

  /** Unit names by id (fetched once per app; an id stands in when the tree cannot be read). */
  unitNames(): Promise<Map<string, string>> {
    this.units ??= firstValueFrom(this.http.get<{ items: UnitView[] }>('/api/units'))
      .then((r) => new Map(r.items.map((u) => [u.id, u.name])))
      .catch(() => {
        this.units = undefined;
        return new Map<string, string>();
      });
    return this.units;
  }
}
