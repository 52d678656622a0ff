/** The dashboard feature's words, spread into the app's dictionaries (i18n/vi.ts, i18n/en.ts). */
export const dashboardText = {
  vi: {
    'dashboard.title': 'Bảng điều hành',
  },
  en: {
    'dashboard.title': 'Dashboard',
  },
};
