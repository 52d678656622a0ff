import { Notification, type NotificationDoc } from '../../model';
import type { AuthUser } from '../auth/middleware';
import { notFound } from '../http-errors';

export function toNotificationView(n: NotificationDoc) {
  return {
    id: n._id,
    incidentId: n.incidentId,
    taskId: n.taskId ?? null,
    kind: n.kind,
    subject: n.subject,
    body: n.body,
    createdAt: n.createdAt,
    readAt: n.readAt ?? null,
  };
}

/** A user's own in-app notifications. Nobody else's are ever read or changed. */
export class NotificationService {
  async list(user: AuthUser, opts: { unread: boolean; limit: number }) {
    const filter = { user: user.username, ...(opts.unread ? { readAt: { $exists: false } } : {}) };
    const items = await Notification.find(filter).sort({ createdAt: -1, _id: 1 }).limit(opts.limit).lean();
    return { items: items.map(toNotificationView), total: items.length };
  }

  /** Marks one as read; reading it again keeps the first time. 404 for another user's, as for a missing one. */
  async markRead(user: AuthUser, id: string) {
    const found = await Notification.findById(id).lean();
    if (!found || found.user !== user.username) throw notFound('notification');
    if (found.readAt) return toNotificationView(found);
    const readAt = new Date();
    const updated = await Notification.findOneAndUpdate({ _id: id, user: user.username, readAt: { $exists: false } }, { $set: { readAt } }, { returnDocument: 'after' }).lean();
    // A concurrent call may have marked it first: then return what that call wrote.
    return toNotificationView(updated ?? (await Notification.findById(id).lean()) ?? { ...found, readAt });
  }
}
