import { formRuleText } from '@ui/form-rules';
import type { Dictionary } from '@ui/i18n';
import { accountText } from '@ui/account.i18n';
import { dashboardText } from '../dashboard/dashboard.i18n';
import { inboxText } from '../inbox/inbox.i18n';
import { incidentContextText } from '../incident-context/incident-context.i18n';
import { incidentText } from '../incident/incident.i18n';
import { notificationsText } from '../notifications/notifications.i18n';
import { sopDiagramText } from '../sop-diagram/sop-diagram.i18n';
import { taskText } from '../task/task.i18n';

export const en: Dictionary = {
  'app.title': 'CityOps — Đồng Xoài IOC duty desk',
  'app.brand': 'CityOps · Duty desk',
  'nav.inbox': 'Inbox',
  'nav.incidents': 'Incidents',
  'nav.dashboard': 'Dashboard',
  'nav.logout': 'Sign out',
  'lang.switch': 'Tiếng Việt',
  'login.title': 'Duty desk sign-in',
  'login.username': 'Username',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.expired': 'Your session expired. Please sign in again.',
  'login.idle': 'Your session ended after a period without activity. Please sign in again.',
  'login.notAllowed': 'This account cannot use the duty desk.',
  'common.save': 'Save',
  'common.cancel': 'Cancel',
  'common.loading': 'Loading…',
  'common.retry': 'Retry',
  'severity.info': 'Info',
  'severity.warning': 'Warning',
  'severity.critical': 'Critical',
  ...formRuleText.en,
  ...inboxText.en,
  ...notificationsText.en,
  ...taskText.en,
  ...incidentText.en,
  ...incidentContextText.en,
  ...sopDiagramText.en,
  ...dashboardText.en,
  ...accountText.en,
};
