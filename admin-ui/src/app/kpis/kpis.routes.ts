import type { Routes } from '@angular/router';

export const kpisRoutes: Routes = [
  { path: '', loadComponent: () => import('./kpis-list.page').then((m) => m.KpisListPage) },
  { path: 'new', loadComponent: () => import('./kpi-edit.page').then((m) => m.KpiEditPage) },
  { path: ':key', loadComponent: () => import('./kpi-edit.page').then((m) => m.KpiEditPage) },
];
