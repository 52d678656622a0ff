/** The incident feature's words, spread into the app's dictionaries (i18n/vi.ts, i18n/en.ts). */
export const incidentText = {
  vi: {
    'incident.title': 'Sự cố',
  },
  en: {
    'incident.title': 'Incidents',
  },
};
