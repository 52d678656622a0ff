import type { Dictionary } from '@ui/i18n';
import { accountText } from '@ui/account.i18n';
import { auditText } from '../audit/audit.i18n';
import { kpisText } from '../kpis/kpis.i18n';
import { orgText } from '../org/org.i18n';
import { formsText } from '../forms/forms.i18n';
import { rulesText } from '../rules/rules.i18n';
import { sourcesText } from '../sources/sources.i18n';
import { usersText } from '../users/users.i18n';
import { sopsText } from '../sops/sops.i18n';
import { changesText } from '../changes/changes.i18n';

export const en: Dictionary = {
  'app.title': 'CityOps — Đồng Xoài IOC administration',
  'app.brand': 'CityOps · Admin',
  'nav.rules': 'Thresholds',
  'nav.forms': 'Forms',
  'nav.logout': 'Sign out',
  'lang.switch': 'Tiếng Việt',
  'login.title': 'Administrator sign-in',
  'login.username': 'Username',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.expired': 'Your session expired. Please sign in again.',
  'login.idle': 'Your session ended after a period without activity. Please sign in again.',
  'login.notAllowed': 'This account has no administrator rights.',
  'common.save': 'Save',
  'common.cancel': 'Cancel',
  'common.add': 'Add',
  'common.remove': 'Remove',
  'common.loading': 'Loading…',
  'common.yes': 'Yes',
  'common.no': 'No',
  'severity.info': 'Info',
  'severity.warning': 'Warning',
  'severity.critical': 'Critical',
  ...rulesText.en,
  ...orgText.en,
  ...usersText.en,
  ...sourcesText.en,
  ...kpisText.en,
  ...auditText.en,
  ...formsText.en,
  ...sopsText.en,
  ...changesText.en,
  ...accountText.en,
};
