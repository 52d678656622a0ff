import type { Routes } from '@angular/router';

/** The designer page (and with it Form.io, about 2 MB) loads only when a form is opened. */
export const formsRoutes: Routes = [
  { path: '', loadComponent: () => import('./forms-list.page').then((m) => m.FormsListPage) },
  { path: 'new', loadComponent: () => import('./form-designer.page').then((m) => m.FormDesignerPage) },
  { path: ':key', loadComponent: () => import('./form-designer.page').then((m) => m.FormDesignerPage) },
];
