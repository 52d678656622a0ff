import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, type TestRequest } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { DICTIONARIES, I18n } from './i18n';
import { PasswordPage } from './password.page';
import { accountText } from './account.i18n';

describe('PasswordPage', () => {
  let fixture: ComponentFixture<PasswordPage>;
  let http: HttpTestingController;
  const el = () => fixture.nativeElement as HTMLElement;
  const text = (selector: string) => el().querySelector(selector)?.textContent?.trim() ?? null;
  const settle = async () => {
    await new Promise((r) => setTimeout(r, 0));
    await fixture.whenStable();
    fixture.detectChanges();
  };
  const request = async (): Promise<TestRequest> => {
    for (let i = 0; i < 50; i++) {
      const found = http.match({ method: 'POST', url: '/api/auth/password' });
      if (found.length === 1) return found[0]!;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('no POST /api/auth/password');
  };
  const type = async (selector: string, value: string) => {
    const input = el().querySelector(selector) as HTMLInputElement;
    input.value = value;
    input.dispatchEvent(new Event('input'));
    await settle();
  };
  const fill = async (current: string, next: string, repeat = next) => {
    await type('[data-test=current-password]', current);
    await type('[data-test=new-password]', next);
    await type('[data-test=repeat-password]', repeat);
  };
  const submit = async () => {
    (el().querySelector('[data-test=submit-password]') as HTMLButtonElement).click();
    await settle();
  };
  const refuse = (req: TestRequest, details: unknown[]) => req.flush({ error: 'invalid password change', details }, { status: 400, statusText: 'Bad Request' });

  beforeEach(async () => {
    localStorage.setItem('cityops.lang', 'vi');
    TestBed.configureTestingModule({
      providers: [provideZonelessChangeDetection(), provideHttpClient(), provideHttpClientTesting(), { provide: DICTIONARIES, useValue: accountText }],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(PasswordPage);
    fixture.detectChanges();
    await settle();
  });
  afterEach(() => http.verify());

  it('sends the current and the new password, then says it is done and empties the form', async () => {
    await fill('the old phrase here', 'a brand new phrase');
    await submit();
    const req = await request();
    expect(req.request.body).toEqual({ currentPassword: 'the old phrase here', newPassword: 'a brand new phrase' });
    req.flush(null, { status: 204, statusText: 'No Content' });
    await settle();
    expect(text('[data-test=password-changed]')).toBe('Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã kết thúc.');
    expect((el().querySelector('[data-test=new-password]') as HTMLInputElement).value).toBe('');
  });

  it('asks for the same new password twice before sending anything', async () => {
    await fill('the old phrase here', 'a brand new phrase', 'a brand new phrasE');
    await submit();
    expect(http.match({ url: '/api/auth/password' })).toHaveLength(0);
    expect(text('[data-test=repeat-password-error]')).toBe('Hai lần nhập không giống nhau');
  });

  it('puts each policy rule the API names under its field, in Vietnamese or English', async () => {
    await fill('the old phrase here', 'short');
    await submit();
    refuse(await request(), [
      { field: 'newPassword', rule: 'minLength', limit: 12, message: 'at least 12 characters' },
      { field: 'newPassword', rule: 'containsUsername', message: 'must not contain the user name' },
    ]);
    await settle();
    expect(text('[data-test=new-password-error]')).toBe('Cần ít nhất 12 ký tự; Không được chứa tên đăng nhập');
    expect(text('[data-test=current-password-error]')).toBeNull();
    expect(text('[data-test=password-error]')).toBeNull();
    TestBed.inject(I18n).setLang('en');
    await settle();
    expect(text('[data-test=new-password-error]')).toBe('Needs at least 12 characters; Must not contain your user name');
  });

  it('marks a wrong current password, and keeps the API’s words for a rule it does not know', async () => {
    await fill('not my password', 'a brand new phrase');
    await submit();
    refuse(await request(), [
      { field: 'currentPassword', rule: 'currentPassword', message: 'does not match your current password' },
      { field: 'newPassword', rule: 'someNewRule', message: 'breaks a rule added later' },
    ]);
    await settle();
    expect(text('[data-test=current-password-error]')).toBe('Không đúng mật khẩu hiện tại');
    expect(text('[data-test=new-password-error]')).toBe('breaks a rule added later');
  });

  it('shows a failure without fields in the banner', async () => {
    await fill('the old phrase here', 'a brand new phrase');
    await submit();
    (await request()).flush({ error: 'unauthorized' }, { status: 401, statusText: 'Unauthorized' });
    await settle();
    expect(text('[data-test=password-error]')).toBe('unauthorized');
  });
});
