import type { Routes } from '@angular/router';

export const incidentRoutes: Routes = [
  { path: '', loadComponent: () => import('./incident-list.page').then((m) => m.IncidentListPage) },
  { path: ':id', loadComponent: () => import('./incident.page').then((m) => m.IncidentPage) },
];
