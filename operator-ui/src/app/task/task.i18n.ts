/** The task feature's words, spread into the app's dictionaries (i18n/vi.ts, i18n/en.ts). */
export const taskText = {
  vi: {
    'task.title': 'Nhiệm vụ',
  },
  en: {
    'task.title': 'Task',
  },
};
