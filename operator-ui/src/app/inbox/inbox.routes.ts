import type { Routes } from '@angular/router';

export const inboxRoutes: Routes = [{ path: '', loadComponent: () => import('./inbox.page').then((m) => m.InboxPage) }];
