import { DOCUMENT } from '@angular/common';
import { HttpClient, HttpErrorResponse, type HttpInterceptorFn } from '@angular/common/http';
import { Injectable, computed, inject, signal } from '@angular/core';
import { Router, type CanActivateFn } from '@angular/router';
import { firstValueFrom, from, throwError } from 'rxjs';
import { catchError, switchMap } from 'rxjs/operators';

export type Role = 'admin' | 'leader' | 'operator' | 'auditor';

export interface SessionUser {
  username: string;
  displayName: string;
  roles: Role[];
  unit: string;
}

/** What `POST /api/auth/login` and `/refresh` answer. */
interface Grant {
  token: string;
  refreshToken: string;
  idleTimeoutSeconds?: number;
  user: SessionUser;
}

interface Session {
  token: string;
  refreshToken: string;
  user: SessionUser;
  /** Access-token expiry, ms since epoch (from the JWT's `exp`). */
  expiresAt: number;
  /** The server's idle timeout: no interaction for this long ends the session here too. */
  idleTimeoutMs: number;
}

/** Why the last session ended, for the sign-in page. */
export type EndReason = 'expired' | 'idle';

const SESSION_KEY = 'cityops.session';
/** Refresh this long before the access token expires (or halfway, for very short tokens). */
const REFRESH_AHEAD_MS = 60_000;
/** How often idleness is checked. */
const IDLE_CHECK_MS = 15_000;
const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

/**
 * The signed-in user and their tokens. Kept in sessionStorage (one tab's session, gone when the tab
 * closes). The short access token is refreshed shortly before it expires and once after a 401; the
 * session ends when refreshing fails (logged out elsewhere, lifetime over), after the idle timeout
 * without interaction, or on logout — and the sign-in page says why.
 */
@Injectable({ providedIn: 'root' })
export class Auth {
  private readonly http = inject(HttpClient);
  private readonly router = inject(Router);
  private readonly document = inject(DOCUMENT);
  private readonly session = signal<Session | null>(loadSession());
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private idleTimer: ReturnType<typeof setInterval> | undefined;
  private refreshing: Promise<boolean> | undefined;
  private lastActivity = Date.now();
  private readonly onActivity = () => (this.lastActivity = Date.now());

  readonly user = computed(() => this.session()?.user ?? null);
  readonly token = computed(() => this.session()?.token ?? null);
  /** Why the last session ended (`expired`, `idle`), for the login page. */
  readonly endedBecause = signal<EndReason | null>(null);

  constructor() {
    const s = this.session();
    if (s) this.startTimers(s);
  }

  hasRole(...roles: Role[]): boolean {
    const user = this.user();
    return !!user && user.roles.some((r) => roles.includes(r));
  }

  async login(username: string, password: string): Promise<void> {
    const grant = await firstValueFrom(this.http.post<Grant>('/api/auth/login', { username, password }));
    this.endedBecause.set(null);
    this.lastActivity = Date.now();
    this.adopt(grant);
  }

  /**
   * Trades the refresh token for a new pair; one call at a time (a refresh token works once, and the
   * server ends the session when it sees one twice). False, with the session ended, when refused.
   */
  refresh(): Promise<boolean> {
    const s = this.session();
    if (!s) return Promise.resolve(false);
    this.refreshing ??= firstValueFrom(this.http.post<Grant>('/api/auth/refresh', { refreshToken: s.refreshToken }))
      .then((grant) => {
        if (this.session()?.refreshToken !== s.refreshToken) return !!this.session(); // signed out meanwhile
        this.adopt(grant);
        return true;
      })
      .catch((err: unknown) => {
        // Only a refusal ends the session; a network failure leaves it for the next try or 401.
        if (err instanceof HttpErrorResponse && (err.status === 401 || err.status === 400) && this.session()?.refreshToken === s.refreshToken) this.logout('expired');
        return false;
      })
      .finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /** Ends the session here and on the server (best effort: the token dies with its session either way). */
  logout(reason: EndReason | null = null): void {
    const s = this.session();
    if (s) this.http.post('/api/auth/logout', { refreshToken: s.refreshToken }, { headers: { authorization: `Bearer ${s.token}` } }).subscribe({ error: () => undefined });
    this.stopTimers();
    this.session.set(null);
    this.endedBecause.set(reason);
    try {
      sessionStorage.removeItem(SESSION_KEY);
    } catch {
      /* nothing stored */
    }
    void this.router.navigate(['/login'], reason ? { queryParams: { returnUrl: this.router.url } } : {});
  }

  private adopt(grant: Grant): void {
    const session: Session = {
      token: grant.token,
      refreshToken: grant.refreshToken,
      user: grant.user,
      expiresAt: tokenExpiry(grant.token),
      idleTimeoutMs: (grant.idleTimeoutSeconds ?? 30 * 60) * 1000,
    };
    this.session.set(session);
    try {
      sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
    } catch {
      /* storage unavailable: the session lasts for this page only */
    }
    this.startTimers(session);
  }

  private startTimers(s: Session): void {
    clearTimeout(this.refreshTimer);
    const lifetime = s.expiresAt - Date.now();
    const ahead = Math.min(REFRESH_AHEAD_MS, lifetime / 2);
    // setTimeout holds at most ~24.8 days; tokens live minutes.
    this.refreshTimer = setTimeout(() => void this.refresh(), Math.max(0, Math.min(lifetime - ahead, 2 ** 31 - 1)));
    if (this.idleTimer === undefined) {
      for (const e of ACTIVITY_EVENTS) this.document.addEventListener(e, this.onActivity, { passive: true, capture: true });
      this.idleTimer = setInterval(() => {
        const current = this.session();
        if (current && Date.now() - this.lastActivity >= current.idleTimeoutMs) this.logout('idle');
      }, IDLE_CHECK_MS);
    }
  }

  private stopTimers(): void {
    clearTimeout(this.refreshTimer);
    clearInterval(this.idleTimer);
    this.idleTimer = undefined;
    for (const e of ACTIVITY_EVENTS) this.document.removeEventListener(e, this.onActivity, { capture: true });
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
    // An expired access token is fine: the refresh token may still renew it.
    return s && s.refreshToken ? s : null;
  } catch {
    return null;
  }
}

/** Sign-in, refresh and logout carry their own proof: a 401 there is the answer, not a stale token (a password change is an ordinary call). */
const isAuthCall = (url: string) => /^\/api\/auth\/(login|refresh|logout)$/.test(url);

/**
 * Adds the bearer token to API calls. A 401 on anything but the auth calls themselves refreshes the
 * session once and retries the request with the new token; if refreshing fails the session has ended.
 */
export const authInterceptor: HttpInterceptorFn = (req, next) => {
  const auth = inject(Auth);
  const token = auth.token();
  const withToken = (t: string | null) =>
    t && req.url.startsWith('/api/') && !req.headers.has('authorization') ? req.clone({ setHeaders: { authorization: `Bearer ${t}` } }) : req;
  return next(withToken(token)).pipe(
    catchError((err: unknown) => {
      if (!(err instanceof HttpErrorResponse) || err.status !== 401 || !token || isAuthCall(req.url)) return throwError(() => err);
      return from(auth.refresh()).pipe(switchMap((ok) => (ok ? next(withToken(auth.token())) : throwError(() => err))));
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
