import type { Routes } from '@angular/router';

export const sopsRoutes: Routes = [
  { path: '', loadComponent: () => import('./sop-list.page').then((m) => m.SopListPage) },
  { path: 'new', loadComponent: () => import('./sop-designer.page').then((m) => m.SopDesignerPage) },
  { path: ':key', loadComponent: () => import('./sop-designer.page').then((m) => m.SopDesignerPage) },
  { path: ':key/versions/:v', loadComponent: () => import('./sop-designer.page').then((m) => m.SopDesignerPage) },
];
