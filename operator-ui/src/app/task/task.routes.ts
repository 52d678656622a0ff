import type { Routes } from '@angular/router';

export const taskRoutes: Routes = [{ path: '', loadComponent: () => import('./task.page').then((m) => m.TaskPage) }];
