import type { NavItem } from '@ui/shell';

/** The operator app's sections: one entry per feature, shown to the roles listed. */
export const NAV: readonly NavItem[] = [
  { path: '/inbox', label: 'nav.inbox', roles: ['operator', 'leader', 'admin'] },
  { path: '/incidents', label: 'nav.incidents', roles: ['operator', 'leader', 'admin'] },
  { path: '/dashboard', label: 'nav.dashboard', roles: ['leader', 'admin'] },
];
