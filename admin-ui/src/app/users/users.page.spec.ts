import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, type TestRequest } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { DICTIONARIES } from '@ui/i18n';
import { en } from '../i18n/en';
import { vi } from '../i18n/vi';
import { UsersPage } from './users.page';

const UNITS = [
  { id: 'dong-xoai', name: 'Thành phố Đồng Xoài', kind: 'city', parent: null },
  { id: 'tan-phu', name: 'Phường Tân Phú', kind: 'ward', parent: 'dong-xoai' },
];
const USERS = [{ username: 'operator.tanphu', displayName: 'Cán bộ Tân Phú', roles: ['operator'], unit: 'tan-phu', email: null, disabled: false }];

describe('UsersPage', () => {
  let fixture: ComponentFixture<UsersPage>;
  let http: HttpTestingController;
  const el = () => fixture.nativeElement as HTMLElement;
  /** A macrotask turn first: the page's promise chains (an HTTP error caught, a list reloaded) run before the view updates. */
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
  const type = async (selector: string, value: string) => {
    const input = el().querySelector(selector) as HTMLInputElement | HTMLSelectElement;
    input.value = value;
    input.dispatchEvent(new Event(input instanceof HTMLSelectElement ? 'change' : 'input'));
    await settle();
  };

  beforeEach(async () => {
    localStorage.setItem('cityops.lang', 'vi');
    TestBed.configureTestingModule({
      providers: [provideZonelessChangeDetection(), provideHttpClient(), provideHttpClientTesting(), provideRouter([]), { provide: DICTIONARIES, useValue: { vi, en } }],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(UsersPage);
    fixture.detectChanges();
    (await request('GET', '/api/users')).flush({ items: USERS });
    (await request('GET', '/api/units')).flush({ items: UNITS });
    (await request('GET', '/api/users/lockouts')).flush({ items: [] }); // the lockouts panel below the list
    await settle();
  });
  afterEach(() => http.verify());

  it('shows a generated password once, and not after the admin moves on', async () => {
    await click('tr[data-user="operator.tanphu"] [data-test=reset-password]');
    const reset = await request('POST', '/api/users/operator.tanphu/reset-password');
    expect(reset.request.body).toEqual({});
    reset.flush({ username: 'operator.tanphu', password: 'Gen3ratedPassw0rd' });
    (await request('GET', '/api/users')).flush({ items: USERS });
    await settle();
    expect(el().querySelector('[data-test=generated-password]')?.textContent).toBe('Gen3ratedPassw0rd');

    await click('[data-test=new-user]');
    expect(el().querySelector('[data-test=generated-password]')).toBeNull();
  });

  it('puts the API’s complaint next to the field at fault and sends the chosen roles and unit', async () => {
    await click('[data-test=new-user]');
    await type('[data-test=user-username]', 'operator.new');
    await type('[data-test=user-display-name]', 'Người mới');
    await type('[data-test=user-unit]', 'tan-phu');
    await type('[data-test=user-password]', 'short');
    await click('[data-test=user-role-auditor]');
    await click('[data-test=save-user]');
    const create = await request('POST', '/api/users');
    expect(create.request.body).toEqual({ username: 'operator.new', displayName: 'Người mới', roles: ['operator', 'auditor'], unit: 'tan-phu', password: 'short' });
    create.flush({ error: 'invalid user', details: [{ field: 'password', message: 'at least 12 characters' }] }, { status: 400, statusText: 'Bad Request' });
    await settle();
    expect(el().querySelector('[data-test=user-password-error]')?.textContent).toContain('at least 12 characters');
    expect(el().querySelector('[data-test=user-form]')).not.toBeNull();
  });

  it('words a password policy rule the API names in the admin’s language', async () => {
    await click('[data-test=new-user]');
    await type('[data-test=user-username]', 'operator.new');
    await type('[data-test=user-password]', 'short');
    await click('[data-test=save-user]');
    (await request('POST', '/api/users')).flush(
      { error: 'password does not meet the policy', details: [{ field: 'password', rule: 'minLength', limit: 12, message: 'at least 12 characters' }] },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    expect(el().querySelector('[data-test=user-password-error]')?.textContent).toContain('Cần ít nhất 12 ký tự');
  });
});
