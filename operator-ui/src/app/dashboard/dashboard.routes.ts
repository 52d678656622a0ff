import type { Routes } from '@angular/router';

export const dashboardRoutes: Routes = [{ path: '', loadComponent: () => import('./dashboard.page').then((m) => m.DashboardPage) }];
