import { inject } from '@angular/core';
import { Router, type CanActivateFn, type Routes } from '@angular/router';
import { Auth, authGuard, roleGuard } from '@ui/auth';
import { Shell } from '@ui/shell';

/** Who uses the duty desk: operators work the inbox, leaders watch and direct, admins can do both. */
const DESK_ROLES = ['admin', 'leader', 'operator'] as const;

/**
 * Leaders land on the dashboard, everyone else on their inbox. A guard, not a `redirectTo`: redirects
 * are resolved before the sign-in guard runs, so a leader would be sent to the inbox after signing in.
 */
const homeByRole: CanActivateFn = () => inject(Router).createUrlTree([inject(Auth).hasRole('leader') ? '/dashboard' : '/inbox']);

export const routes: Routes = [
  { path: 'login', data: { roles: DESK_ROLES }, loadComponent: () => import('@ui/login.page').then((m) => m.LoginPage) },
  {
    path: '',
    component: Shell,
    canActivate: [authGuard, roleGuard(...DESK_ROLES)],
    children: [
      { path: '', pathMatch: 'full', canActivate: [homeByRole], children: [] },
      { path: 'inbox', loadChildren: () => import('./inbox/inbox.routes').then((m) => m.inboxRoutes) },
      { path: 'tasks/:id', loadChildren: () => import('./task/task.routes').then((m) => m.taskRoutes) },
      { path: 'incidents', loadChildren: () => import('./incident/incident.routes').then((m) => m.incidentRoutes) },
      { path: 'dashboard', canActivate: [roleGuard('admin', 'leader')], loadChildren: () => import('./dashboard/dashboard.routes').then((m) => m.dashboardRoutes) },
      { path: 'account/password', loadComponent: () => import('@ui/password.page').then((m) => m.PasswordPage) },
    ],
  },
  { path: '**', redirectTo: '' },
];
