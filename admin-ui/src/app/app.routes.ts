import type { Routes } from '@angular/router';
import { authGuard, roleGuard } from '@ui/auth';
import { Shell } from './shell/shell';

export const routes: Routes = [
  { path: 'login', loadComponent: () => import('./login/login.page').then((m) => m.LoginPage) },
  {
    path: '',
    component: Shell,
    canActivate: [authGuard, roleGuard('admin')],
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'rules' },
      { path: 'rules', loadChildren: () => import('./rules/rules.routes').then((m) => m.rulesRoutes) },
      { path: 'sops', loadChildren: () => import('./sops/sops.routes').then((m) => m.sopsRoutes) },
    ],
  },
  { path: '**', redirectTo: '' },
];
