import type { Routes } from '@angular/router';

export const changesRoutes: Routes = [
  { path: '', loadComponent: () => import('./changes-list.page').then((m) => m.ChangesListPage) },
  { path: ':id', loadComponent: () => import('./change-detail.page').then((m) => m.ChangeDetailPage) },
];
