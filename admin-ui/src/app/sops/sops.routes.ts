import type { CanDeactivateFn, Routes } from '@angular/router';
import type { SopDesignerPage } from './sop-designer.page';

/** Leaving the designer with unsaved drawing asks first. */
const keepUnsaved: CanDeactivateFn<SopDesignerPage> = (page) => page.canLeave();

const designer = () => import('./sop-designer.page').then((m) => m.SopDesignerPage);

export const sopsRoutes: Routes = [
  { path: '', loadComponent: () => import('./sop-list.page').then((m) => m.SopListPage) },
  { path: 'new', loadComponent: designer, canDeactivate: [keepUnsaved] },
  { path: ':key', loadComponent: designer, canDeactivate: [keepUnsaved] },
  { path: ':key/versions/:v', loadComponent: designer },
];
