import type { Routes } from '@angular/router';

export const incidentRoutes: Routes = [{ path: '', loadComponent: () => import('./incident.page').then((m) => m.IncidentPage) }];
