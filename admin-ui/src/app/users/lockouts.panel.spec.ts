import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, type TestRequest } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { DICTIONARIES, I18n } from '@ui/i18n';
import { en } from '../i18n/en';
import { vi } from '../i18n/vi';
import { LockoutsPanel, lockedParty } from './lockouts.panel';
import type { UserAccount } from './users-api';

const ACCOUNTS: UserAccount[] = [{ username: 'operator.tanphu', displayName: 'Cán bộ Tân Phú', roles: ['operator'], unit: 'tan-phu', email: null, disabled: false }];
const LOCKED_USER = { key: 'user:operator.tanphu', failures: 5, windowStart: '2026-11-25T01:00:00.000Z', lockedUntil: '2026-11-25T01:20:00.000Z' };
const LOCKED_ADDRESS = { key: 'address:::ffff:10.0.0.7', failures: 20, windowStart: '2026-11-25T01:00:00.000Z', lockedUntil: '2026-11-25T01:30:00.000Z' };

describe('LockoutsPanel', () => {
  let fixture: ComponentFixture<LockoutsPanel>;
  let http: HttpTestingController;
  const el = () => fixture.nativeElement as HTMLElement;
  const settle = async () => {
    await new Promise((r) => setTimeout(r, 0));
    await fixture.whenStable();
    fixture.detectChanges();
  };
  const request = async (method: string, url: string): Promise<TestRequest> => {
    for (let i = 0; i < 50; i++) {
      const found = http.match({ method, url });
      if (found.length === 1) return found[0]!;
      if (found.length > 1) throw new Error(`${found.length} requests to ${url}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no ${method} ${url}`);
  };
  const click = async (selector: string) => {
    (el().querySelector(selector) as HTMLElement).click();
    await settle();
  };
  const row = (key: string) => el().querySelector(`tr[data-lockout="${key}"]`) as HTMLElement;

  beforeEach(async () => {
    localStorage.setItem('cityops.lang', 'vi');
    TestBed.configureTestingModule({
      providers: [provideZonelessChangeDetection(), provideHttpClient(), provideHttpClientTesting(), provideRouter([]), { provide: DICTIONARIES, useValue: { vi, en } }],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(LockoutsPanel);
    fixture.componentRef.setInput('accounts', ACCOUNTS);
    fixture.detectChanges();
    (await request('GET', '/api/users/lockouts')).flush({ items: [LOCKED_USER, LOCKED_ADDRESS] });
    await settle();
  });
  afterEach(() => http.verify());

  it('lists each lockout by person or address, with its end in city time and its failures', () => {
    const user = row('user:operator.tanphu');
    expect(user.querySelector('[data-test=lockout-who]')?.textContent).toContain('Tài khoản Cán bộ Tân Phú');
    expect(user.querySelector('[data-test=lockout-who]')?.textContent).toContain('(operator.tanphu)');
    expect(user.querySelector('[data-test=lockout-until]')?.textContent).toBe(TestBed.inject(I18n).dateTime(LOCKED_USER.lockedUntil));
    expect(user.querySelector('[data-test=lockout-until]')?.textContent).toContain('08:20'); // 01:20 UTC is 08:20 in Đồng Xoài
    expect(user.querySelector('[data-test=lockout-failures]')?.textContent).toBe('5');
    expect(row('address:::ffff:10.0.0.7').querySelector('[data-test=lockout-who]')?.textContent).toContain('Địa chỉ ::ffff:10.0.0.7');
  });

  it('clears a lockout only after confirming, then reloads the list', async () => {
    await click('tr[data-lockout="user:operator.tanphu"] [data-test=clear-lockout]');
    expect(http.match({ method: 'DELETE' })).toHaveLength(0);
    await click('[data-test=cancel-clear-lockout]');
    expect(row('user:operator.tanphu').querySelector('[data-test=confirm-clear-lockout]')).toBeNull();

    await click('tr[data-lockout="user:operator.tanphu"] [data-test=clear-lockout]');
    expect(row('user:operator.tanphu').textContent).toContain('Gỡ khóa cho Cán bộ Tân Phú?');
    await click('[data-test=confirm-clear-lockout]');
    (await request('DELETE', '/api/users/lockouts/user%3Aoperator.tanphu')).flush(null, { status: 204, statusText: 'No Content' });
    (await request('GET', '/api/users/lockouts')).flush({ items: [LOCKED_ADDRESS] });
    await settle();
    expect(el().querySelector('[data-test=lockouts-message]')?.textContent).toContain('Đã gỡ khóa đăng nhập cho Cán bộ Tân Phú.');
    expect(row('user:operator.tanphu')).toBeNull();
    expect(row('address:::ffff:10.0.0.7')).not.toBeNull();
  });

  it('says so when a lockout lapsed before it was cleared, and shows the list as it now is', async () => {
    await click('tr[data-lockout="address:::ffff:10.0.0.7"] [data-test=clear-lockout]');
    await click('[data-test=confirm-clear-lockout]');
    (await request('DELETE', '/api/users/lockouts/address%3A%3A%3Affff%3A10.0.0.7')).flush({ error: 'lockout not found' }, { status: 404, statusText: 'Not Found' });
    (await request('GET', '/api/users/lockouts')).flush({ items: [] });
    await settle();
    expect(el().querySelector('[data-test=lockouts-error]')?.textContent).toContain('lockout not found');
    expect(el().querySelector('[data-test=no-lockouts]')?.textContent).toContain('Không có tài khoản hay địa chỉ nào đang bị tạm khóa.');
  });

  it('names a locked user name without an account by the name alone', () => {
    expect(lockedParty('user:nobody.here', ACCOUNTS)).toEqual({ kind: 'user', name: 'nobody.here', detail: '' });
  });
});
