import { inject } from '@angular/core';
import type { Routes } from '@angular/router';
import { Auth, authGuard, roleGuard } from '@ui/auth';
import { Shell } from '@ui/shell';

export const routes: Routes = [
  { path: 'login', data: { roles: ['admin', 'auditor'] }, loadComponent: () => import('@ui/login.page').then((m) => m.LoginPage) },
  {
    path: '',
    component: Shell,
    // Admins manage everything; auditors only read the audit log.
    canActivate: [authGuard, roleGuard('admin', 'auditor')],
    children: [
      { path: '', pathMatch: 'full', redirectTo: () => (inject(Auth).hasRole('admin') ? 'rules' : 'audit') },
      { path: 'rules', canActivate: [roleGuard('admin')], loadChildren: () => import('./rules/rules.routes').then((m) => m.rulesRoutes) },
      { path: 'org', canActivate: [roleGuard('admin')], loadChildren: () => import('./org/org.routes').then((m) => m.orgRoutes) },
      { path: 'users', canActivate: [roleGuard('admin')], loadChildren: () => import('./users/users.routes').then((m) => m.usersRoutes) },
      { path: 'sources', canActivate: [roleGuard('admin')], loadChildren: () => import('./sources/sources.routes').then((m) => m.sourcesRoutes) },
      { path: 'kpis', canActivate: [roleGuard('admin')], loadChildren: () => import('./kpis/kpis.routes').then((m) => m.kpisRoutes) },
      { path: 'audit', canActivate: [roleGuard('admin', 'auditor')], loadChildren: () => import('./audit/audit.routes').then((m) => m.auditRoutes) },
      { path: 'forms', canActivate: [roleGuard('admin')], loadChildren: () => import('./forms/forms.routes').then((m) => m.formsRoutes) },
      { path: 'sops', canActivate: [roleGuard('admin')], loadChildren: () => import('./sops/sops.routes').then((m) => m.sopsRoutes) },
      { path: 'changes', canActivate: [roleGuard('admin', 'auditor')], loadChildren: () => import('./changes/changes.routes').then((m) => m.changesRoutes) },
      { path: 'account/password', loadComponent: () => import('@ui/password.page').then((m) => m.PasswordPage) },
    ],
  },
  { path: '**', redirectTo: '' },
];
