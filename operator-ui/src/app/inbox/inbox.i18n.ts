/** The inbox feature's words, spread into the app's dictionaries (i18n/vi.ts, i18n/en.ts). */
export const inboxText = {
  vi: {
    'inbox.title': 'Hộp việc',
  },
  en: {
    'inbox.title': 'Inbox',
  },
};
