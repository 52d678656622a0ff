import type { Routes } from '@angular/router';

export const sourcesRoutes: Routes = [
  { path: '', loadComponent: () => import('./sources-list.page').then((m) => m.SourcesListPage) },
  { path: 'new', loadComponent: () => import('./source-edit.page').then((m) => m.SourceEditPage) },
  { path: 'edit/:id', loadComponent: () => import('./source-edit.page').then((m) => m.SourceEditPage) },
];
