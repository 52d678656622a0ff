import { Injectable, signal } from '@angular/core';
import { Subject, type Observable } from 'rxjs';

/** One change announced by `GET /api/live` (Server-Sent Events): ids and the action only — refetch the entity through the scoped REST API. */
export interface LiveChange {
  entity: 'task' | 'incident' | 'comment';
  id: string;
  incidentId: string;
  /** e.g. task.created, task.claimed, task.completed, incident.opened, incident.resolved, comment.added, directive.added */
  action: string;
  at: string;
}

/**
 * The app's one live connection (CONTRACT — implementation owned by the inbox work): reads
 * `GET /api/live` with `fetch` and the bearer token (no token in URLs), reconnects with back-off,
 * resumes with `Last-Event-ID`, and after any reconnect emits `resyncs` so views refetch what they show.
 */
@Injectable({ providedIn: 'root' })
export class LiveUpdates {
  private readonly changeStream = new Subject<LiveChange>();
  private readonly resyncStream = new Subject<void>();
  /** Every change the server sends this user. */
  readonly changes: Observable<LiveChange> = this.changeStream.asObservable();
  /** After a reconnect: changes may have been missed, refetch. */
  readonly resyncs: Observable<void> = this.resyncStream.asObservable();
  /** Whether the stream is open now (shown in the shell). */
  readonly connected = signal(false);
}
