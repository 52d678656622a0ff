import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, type TestRequest } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { DICTIONARIES } from '@ui/i18n';
import { en } from '../i18n/en';
import { vi } from '../i18n/vi';
import { AuditPage } from './audit.page';

const entry = (id: string, action: string) => ({ id, at: '2026-11-25T03:00:00.000Z', actor: 'admin', action, entity: 'user', entityId: 'operator.e2e', after: { disabled: true } });

describe('AuditPage', () => {
  let fixture: ComponentFixture<AuditPage>;
  let http: HttpTestingController;
  const el = () => fixture.nativeElement as HTMLElement;
  const settle = async () => {
    await new Promise((r) => setTimeout(r, 0));
    await fixture.whenStable();
    fixture.detectChanges();
  };
  const request = async (): Promise<TestRequest> => {
    for (let i = 0; i < 50; i++) {
      const found = http.match((r) => r.url.startsWith('/api/audit'));
      if (found.length === 1) return found[0]!;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('no audit request');
  };

  beforeEach(async () => {
    localStorage.setItem('cityops.lang', 'vi');
    TestBed.configureTestingModule({
      providers: [provideZonelessChangeDetection(), provideHttpClient(), provideHttpClientTesting(), { provide: DICTIONARIES, useValue: { vi, en } }],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AuditPage);
    fixture.detectChanges();
  });
  afterEach(() => http.verify());

  it('pages back with the cursor of the last entry and appends the older entries', async () => {
    const first = await request();
    expect(first.request.url).toBe('/api/audit?limit=50');
    first.flush({ items: [entry('b', 'user.disabled')], nextBefore: '2026-11-25T03:00:00.000Z', nextBeforeId: 'b' });
    await settle();
    (el().querySelector('[data-test=audit-older]') as HTMLButtonElement).click();
    const older = await request();
    expect(older.request.url).toBe('/api/audit?limit=50&before=2026-11-25T03%3A00%3A00.000Z&beforeId=b');
    older.flush({ items: [entry('a', 'user.created')], nextBefore: null, nextBeforeId: null });
    await settle();
    expect([...el().querySelectorAll('[data-test=audit-row-action]')].map((c) => c.textContent)).toEqual(['user.disabled', 'user.created']);
    expect(el().querySelector('[data-test=audit-older]')).toBeNull();
  });

  it('sends the filters and shows the API’s complaint next to the field', async () => {
    (await request()).flush({ items: [], nextBefore: null, nextBeforeId: null });
    await settle();
    const actor = el().querySelector('[data-test=audit-actor]') as HTMLInputElement;
    actor.value = 'admin';
    actor.dispatchEvent(new Event('input'));
    const from = el().querySelector('[data-test=audit-from]') as HTMLInputElement;
    from.value = '2026-11-25T08:30';
    from.dispatchEvent(new Event('input'));
    (el().querySelector('[data-test=audit-search]') as HTMLButtonElement).click();
    const filtered = await request();
    expect(filtered.request.url).toBe('/api/audit?actor=admin&from=2026-11-25T08%3A30%3A00%2B07%3A00&limit=50');
    filtered.flush({ error: 'invalid audit query', details: [{ field: 'from', message: 'from must not be after to' }] }, { status: 400, statusText: 'Bad Request' });
    await settle();
    expect(el().querySelector('[data-test=audit-from-error]')?.textContent).toContain('from must not be after to');
  });
});
