import { HttpClient, HttpErrorResponse, type HttpInterceptorFn } from '@angular/common/http';
import { Injectable, computed, inject, signal } from '@angular/core';
import { Router, type CanActivateFn } from '@angular/router';
import { firstValueFrom, throwError } from 'rxjs';
import { catchError } from 'rxjs/operators';

export type Role = 'admin' | 'leader' | 'operator' | 'auditor';

export interface SessionUser {
  username: string;
  displayName: string;
  roles: Role[];
  unit: string;
}

interface Session {
  token: string;
  user: SessionUser;
  /** Token expiry, ms since epoch (from the JWT's `exp`). */
  expiresAt: number;
}

const SESSION_KEY = 'cityops.session';

/**
 * The signed-in user and their token. Kept in sessionStorage (one tab's session, gone when the tab
 * closes); when the token expires, or the API answers 401, the session ends and the login page says why.
 */
@Injectable({ providedIn: 'root' })
export class Auth {
  private readonly http = inject(HttpClient);
  private readonly router = inject(Router);
  private readonly session = signal<Session | null>(loadSession());
  private expiryTimer: ReturnType<typeof setTimeout> | undefined;

  readonly user = computed(() => this.session()?.user ?? null);
  readonly token = computed(() => this.session()?.token ?? null);
  /** Why the last session ended (`expired`), for the login page. */
  readonly endedBecause = signal<'expired' | null>(null);

  constructor() {
    const s = this.session();
    if (s) this.scheduleExpiry(s.expiresAt);
  }

  hasRole(...roles: Role[]): boolean {
    const user = this.user();
    return !!user && user.roles.some((r) => roles.includes(r));
  }

  async login(username: string, password: string): Promise<void> {
    const res = await firstValueFrom(this.http.post<{ token: string; user: SessionUser }>('/api/auth/login', { username, password }));
    const session: Session = { token: res.token, user: res.user, expiresAt: tokenExpiry(res.token) };
    this.session.set(session);
    this.endedBecause.set(null);
    try {
      sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
    } catch {
      /* storage unavailable: the session lasts for this page only */
    }
    this.scheduleExpiry(session.expiresAt);
  }

  logout(reason: 'expired' | null = null): void {
    clearTimeout(this.expiryTimer);
    this.session.set(null);
    this.endedBecause.set(reason);
    try {
      sessionStorage.removeItem(SESSION_KEY);
    } catch {
      /* nothing stored */
    }
    void this.router.navigate(['/login'], reason ? { queryParams: { returnUrl: this.router.url } } : {});
  }

  private scheduleExpiry(expiresAt: number): void {
    clearTimeout(this.expiryTimer);
    // setTimeout holds at most ~24.8 days; tokens live hours.
    this.expiryTimer = setTimeout(() => this.logout('expired'), Math.max(0, Math.min(expiresAt - Date.now(), 2 ** 31 - 1)));
  }
}

/** The JWT's `exp` in ms; a token without one is treated as expiring in an hour. */
export function tokenExpiry(token: string, now = Date.now()): number {
  try {
    const payload = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown };
    if (typeof payload.exp === 'number') return payload.exp * 1000;
  } catch {
    /* not a JWT we can read */
  }
  return now + 3600_000;
}

function loadSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(SESSION_KEY);
    const s = raw ? (JSON.parse(raw) as Session) : null;
    return s && s.expiresAt > Date.now() ? s : null;
  } catch {
    return null;
  }
}

/** Adds the bearer token to API calls; a 401 on anything but the login itself ends the session. */
export const authInterceptor: HttpInterceptorFn = (req, next) => {
  const auth = inject(Auth);
  const token = auth.token();
  const authed = token && req.url.startsWith('/api/') ? req.clone({ setHeaders: { authorization: `Bearer ${token}` } }) : req;
  return next(authed).pipe(
    catchError((err: unknown) => {
      if (err instanceof HttpErrorResponse && err.status === 401 && !req.url.endsWith('/api/auth/login') && token) auth.logout('expired');
      return throwError(() => err);
    }),
  );
};

export const authGuard: CanActivateFn = (_route, state) => {
  const auth = inject(Auth);
  return auth.user() ? true : inject(Router).createUrlTree(['/login'], { queryParams: { returnUrl: state.url } });
};

/** Lets through users holding one of `roles`; others see the app's home. */
export function roleGuard(...roles: Role[]): CanActivateFn {
  return () => inject(Auth).hasRole(...roles) || inject(Router).createUrlTree(['/']);
}
