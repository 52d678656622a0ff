import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';

export interface NotificationView {
  id: string;
  incidentId: string;
  taskId: string | null;
  kind: 'notify' | 'reminder' | 'escalation';
  subject: string;
  body: string;
  createdAt: string;
  readAt: string | null;
}

/** The signed-in user's own in-app notifications (directives, reminders, escalations). */
@Injectable({ providedIn: 'root' })
export class NotificationsApi {
  private readonly http = inject(HttpClient);

  async recent(limit = 20): Promise<NotificationView[]> {
    return (await firstValueFrom(this.http.get<{ items: NotificationView[] }>('/api/notifications', { params: { limit } }))).items;
  }

  markRead(id: string): Promise<NotificationView> {
    return firstValueFrom(this.http.post<NotificationView>(`/api/notifications/${encodeURIComponent(id)}/read`, {}));
  }
}
