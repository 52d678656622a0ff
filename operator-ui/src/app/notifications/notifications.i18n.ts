/** The notification bell's words, spread into the app's dictionaries (i18n/vi.ts, i18n/en.ts). */
export const notificationsText = {
  vi: {
    'notifications.title': 'Thông báo',
    'notifications.unread': '{count} thông báo chưa đọc',
    'notifications.none': 'Chưa có thông báo nào.',
    'notifications.kind.notify': 'Thông báo',
    'notifications.kind.reminder': 'Nhắc việc',
    'notifications.kind.escalation': 'Chuyển cấp',
  },
  en: {
    'notifications.title': 'Notifications',
    'notifications.unread': '{count} unread notifications',
    'notifications.none': 'No notifications yet.',
    'notifications.kind.notify': 'Notice',
    'notifications.kind.reminder': 'Reminder',
    'notifications.kind.escalation': 'Escalation',
  },
};
