import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { provideZonelessChangeDetection, type ApplicationConfig } from '@angular/core';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { provideEchartsCore } from 'ngx-echarts';
import { authInterceptor } from '@ui/auth';
import { DICTIONARIES } from '@ui/i18n';
import { APP_NAV, SHELL_STATUS } from '@ui/shell';
import { PendingBadge } from './changes/pending-badge.component';
import { routes } from './app.routes';
import { NAV } from './shell/nav';
import { en } from './i18n/en';
import { vi } from './i18n/vi';

export const appConfig: ApplicationConfig = {
  providers: [
    provideZonelessChangeDetection(),
    provideRouter(routes, withComponentInputBinding()),
    provideHttpClient(withInterceptors([authInterceptor])),
    { provide: DICTIONARIES, useValue: { vi, en } },
    { provide: APP_NAV, useValue: NAV },
    // Four eyes: how many changes await a second admin, in the bar.
    { provide: SHELL_STATUS, useValue: PendingBadge },
    // ECharts (about 1 MB) loads with the first chart, not with the app.
    provideEchartsCore({ echarts: () => import('echarts') }),
  ],
};
