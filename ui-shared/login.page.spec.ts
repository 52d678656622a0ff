import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { accountText } from './account.i18n';
import { DICTIONARIES, I18n } from './i18n';
import { LoginPage } from './login.page';

describe('LoginPage', () => {
  let fixture: ComponentFixture<LoginPage>;
  let http: HttpTestingController;
  const el = () => fixture.nativeElement as HTMLElement;
  const settle = async () => {
    await new Promise((r) => setTimeout(r, 0));
    await fixture.whenStable();
    fixture.detectChanges();
  };
  const type = async (name: string, value: string) => {
    const input = el().querySelector(`input[name=${name}]`) as HTMLInputElement;
    input.value = value;
    input.dispatchEvent(new Event('input'));
    await settle();
  };
  async function refusedWith(status: number, body: object, headers: Record<string, string> = {}): Promise<string> {
    await type('username', 'operator.tanphu');
    await type('password', 'wrong guess');
    (el().querySelector('button[type=submit]') as HTMLButtonElement).click();
    await settle();
    http.expectOne('/api/auth/login').flush(body, { status, statusText: 'Refused', headers });
    await settle();
    return el().querySelector('[data-test=login-error]')?.textContent?.trim() ?? '';
  }

  beforeEach(async () => {
    localStorage.setItem('cityops.lang', 'vi');
    TestBed.configureTestingModule({
      providers: [provideZonelessChangeDetection(), provideHttpClient(), provideHttpClientTesting(), provideRouter([]), { provide: DICTIONARIES, useValue: accountText }],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(LoginPage);
    fixture.detectChanges();
    await settle();
  });
  afterEach(() => http.verify());

  it('says wrong credentials in the user’s language', async () => {
    expect(await refusedWith(401, { error: 'wrong username or password' })).toBe('Sai tên đăng nhập hoặc mật khẩu.');
  });

  it('says a lockout with how long it lasts, from Retry-After', async () => {
    TestBed.inject(I18n).setLang('en');
    expect(await refusedWith(429, { error: 'too many failed sign-ins; try again later' }, { 'Retry-After': '590' })).toBe(
      'Too many failed sign-ins. Try again in 10 minutes or ask an administrator to clear the lockout.',
    );
  });

  it('keeps the API’s words for anything else', async () => {
    expect(await refusedWith(400, { error: 'invalid login', details: [{ field: 'username', message: 'Required' }] })).toBe('invalid login');
  });
});
