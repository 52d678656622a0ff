import { Schema, model, type InferSchemaType } from 'mongoose';

export const NOTIFICATION_KINDS = ['notify', 'reminder', 'escalation'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * In-app notifications, one per recipient. `_id` is `${notification key}:${username}`, so a
 * retried notify activity finds what it wrote instead of notifying anyone twice.
 */
const notificationSchema = new Schema(
  {
    _id: { type: String, required: true },
    user: { type: String, required: true },
    incidentId: { type: String, required: true },
    taskId: { type: String },
    kind: { type: String, enum: NOTIFICATION_KINDS, required: true },
    subject: { type: String, required: true },
    body: { type: String, required: true },
    createdAt: { type: Date, required: true },
    readAt: { type: Date },
  },
  { versionKey: false },
);

export type NotificationDoc = InferSchemaType<typeof notificationSchema>;
export const Notification = model('Notification', notificationSchema, 'notifications');

export const notificationId = (key: string, username: string) => `${key}:${username}`;
