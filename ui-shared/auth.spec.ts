import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component, provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { Auth, authInterceptor } from './auth';

/** A JWT-shaped token expiring `seconds` from now (only `exp` is read by the app). */
const jwt = (name: string, seconds: number) => `h.${btoa(JSON.stringify({ exp: Math.floor(Date.now() / 1000) + seconds, name }))}.s`;
@Component({ template: '' })
class Blank {}

const user = { username: 'operator.tanphu', displayName: 'Tân Phú', roles: ['operator'], unit: 'tan-phu' };
const grant = (name: string, refreshToken: string) => ({ token: jwt(name, 900), refreshToken, expiresIn: 900, idleTimeoutSeconds: 1800, user });

describe('Auth', () => {
  let auth: Auth;
  let http: HttpTestingController;
  let client: HttpClient;

  beforeEach(() => {
    jest.useFakeTimers();
    sessionStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideRouter([{ path: '**', component: Blank }]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    auth = TestBed.inject(Auth);
    http = TestBed.inject(HttpTestingController);
    client = TestBed.inject(HttpClient);
  });
  afterEach(() => {
    auth.logout();
    http.match(() => true);
    jest.useRealTimers();
  });

  async function signIn(): Promise<string> {
    const done = auth.login('operator.tanphu', 'pw');
    const first = grant('a1', 'r1');
    http.expectOne('/api/auth/login').flush(first);
    await done;
    return first.token;
  }

  it('keeps the access and refresh tokens and sends the access token with API calls', async () => {
    const token = await signIn();
    expect(auth.token()).toBe(token);
    expect(JSON.parse(sessionStorage.getItem('cityops.session')!)).toMatchObject({ token, refreshToken: 'r1' });
    void firstValueFrom(client.get('/api/tasks'));
    expect(http.expectOne('/api/tasks').request.headers.get('authorization')).toBe(`Bearer ${token}`);
  });

  it('refreshes a minute before the access token expires', async () => {
    await signIn();
    jest.advanceTimersByTime(839_000);
    http.expectNone('/api/auth/refresh');
    jest.advanceTimersByTime(2_000);
    const req = http.expectOne('/api/auth/refresh');
    expect(req.request.body).toEqual({ refreshToken: 'r1' });
    const next = grant('a2', 'r2');
    req.flush(next);
    await Promise.resolve();
    await Promise.resolve();
    expect(auth.token()).toBe(next.token);
  });

  it('on a 401 refreshes once and retries the request with the new token', async () => {
    await signIn();
    const answer = firstValueFrom(client.get<{ ok: boolean }>('/api/tasks'));
    http.expectOne('/api/tasks').flush({ error: 'session ended' }, { status: 401, statusText: 'Unauthorized' });
    const next = grant('a2', 'r2');
    http.expectOne('/api/auth/refresh').flush(next);
    await jest.advanceTimersByTimeAsync(0);
    const retry = http.expectOne('/api/tasks');
    expect(retry.request.headers.get('authorization')).toBe(`Bearer ${next.token}`);
    retry.flush({ ok: true });
    await expect(answer).resolves.toEqual({ ok: true });
  });

  it('retries a password change after refreshing too, but never a refused sign-in or refresh', async () => {
    await signIn();
    const change = firstValueFrom(client.post('/api/auth/password', { currentPassword: 'a', newPassword: 'b' }));
    http.expectOne('/api/auth/password').flush({ error: 'token expired' }, { status: 401, statusText: 'Unauthorized' });
    http.expectOne('/api/auth/refresh').flush(grant('a2', 'r2'));
    await jest.advanceTimersByTimeAsync(0);
    http.expectOne('/api/auth/password').flush(null, { status: 204, statusText: 'No Content' });
    await expect(change).resolves.toBeNull();
    const login = firstValueFrom(client.post('/api/auth/login', { username: 'x', password: 'y' }));
    http.expectOne('/api/auth/login').flush({ error: 'wrong username or password' }, { status: 401, statusText: 'Unauthorized' });
    await expect(login).rejects.toMatchObject({ status: 401 });
    http.expectNone('/api/auth/refresh');
  });

  it('ends the session as expired when the refresh is refused, and tells the server on logout', async () => {
    await signIn();
    const answer = firstValueFrom(client.get('/api/tasks'));
    http.expectOne('/api/tasks').flush({}, { status: 401, statusText: 'Unauthorized' });
    http.expectOne('/api/auth/refresh').flush({ error: 'invalid refresh token' }, { status: 401, statusText: 'Unauthorized' });
    await expect(answer).rejects.toMatchObject({ status: 401 });
    expect(auth.user()).toBeNull();
    expect(auth.endedBecause()).toBe('expired');
    const logout = http.expectOne('/api/auth/logout');
    expect(logout.request.body).toEqual({ refreshToken: 'r1' });
  });

  it('logout revokes the session on the server', async () => {
    const token = await signIn();
    auth.logout();
    const req = http.expectOne('/api/auth/logout');
    expect(req.request.headers.get('authorization')).toBe(`Bearer ${token}`);
    expect(auth.token()).toBeNull();
    expect(sessionStorage.getItem('cityops.session')).toBeNull();
  });

  it('ends the session after the idle timeout without interaction, with the reason', async () => {
    await signIn();
    jest.advanceTimersByTime(20 * 60_000);
    document.dispatchEvent(new KeyboardEvent('keydown'));
    jest.advanceTimersByTime(20 * 60_000); // 40 minutes in, 20 since the last key
    http.match('/api/auth/refresh').forEach((r) => r.flush(grant('a2', 'r2')));
    await jest.advanceTimersByTimeAsync(0);
    expect(auth.user()).not.toBeNull();
    jest.advanceTimersByTime(11 * 60_000);
    expect(auth.user()).toBeNull();
    expect(auth.endedBecause()).toBe('idle');
    http.expectOne('/api/auth/logout');
  });
});
