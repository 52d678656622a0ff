import type { Routes } from '@angular/router';

export const orgRoutes: Routes = [{ path: '', loadComponent: () => import('./units.page').then((m) => m.UnitsPage) }];
