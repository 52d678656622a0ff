import type { NavItem } from '@ui/shell';

/** The admin app's sections: one entry per feature, shown to the roles listed. */
export const NAV: readonly NavItem[] = [
  { path: '/rules', label: 'nav.rules', roles: ['admin'] },
  { path: '/sops', label: 'nav.sops', roles: ['admin'] },
  { path: '/forms', label: 'nav.forms', roles: ['admin'] },
  { path: '/org', label: 'nav.org', roles: ['admin'] },
  { path: '/users', label: 'nav.users', roles: ['admin'] },
  { path: '/sources', label: 'nav.sources', roles: ['admin'] },
  { path: '/kpis', label: 'nav.kpis', roles: ['admin'] },
  { path: '/audit', label: 'nav.audit', roles: ['admin', 'auditor'] },
  { path: '/changes', label: 'nav.changes', roles: ['admin', 'auditor'] },
];
