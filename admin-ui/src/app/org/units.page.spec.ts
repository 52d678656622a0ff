import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, type TestRequest } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { DICTIONARIES } from '@ui/i18n';
import { en } from '../i18n/en';
import { vi } from '../i18n/vi';
import { UnitsPage } from './units.page';

const UNITS = [
  { id: 'dong-xoai', name: 'Thành phố Đồng Xoài', kind: 'city', parent: null },
  { id: 'tan-phu', name: 'Phường Tân Phú', kind: 'ward', parent: 'dong-xoai' },
  { id: 'tan-phu-team', name: 'Tổ ngập', kind: 'team', parent: 'tan-phu' },
];

describe('UnitsPage', () => {
  let fixture: ComponentFixture<UnitsPage>;
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
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no ${method} ${url}`);
  };
  const click = async (selector: string) => {
    (el().querySelector(selector) as HTMLElement).click();
    await settle();
  };

  beforeEach(async () => {
    localStorage.setItem('cityops.lang', 'vi');
    TestBed.configureTestingModule({
      providers: [provideZonelessChangeDetection(), provideHttpClient(), provideHttpClientTesting(), { provide: DICTIONARIES, useValue: { vi, en } }],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(UnitsPage);
    fixture.detectChanges();
    (await request('GET', '/api/units')).flush({ items: UNITS });
    await settle();
  });
  afterEach(() => http.verify());

  it('draws the tree indented by depth', () => {
    const rows = [...el().querySelectorAll('tr[data-unit]')];
    expect(rows.map((r) => r.getAttribute('data-unit'))).toEqual(['dong-xoai', 'tan-phu', 'tan-phu-team']);
    expect((rows[2] as HTMLElement).querySelector('td')!.style.paddingLeft).toBe('3.5rem');
  });

  it('offers as new parents only units outside the moved unit’s subtree, and shows a refused move by the field', async () => {
    await click('tr[data-unit=tan-phu] [data-test=move-unit]');
    const options = [...el().querySelectorAll('[data-test=unit-parent] option')].map((o) => (o as HTMLOptionElement).value);
    expect(options).toEqual(['', 'dong-xoai']);
    await click('[data-test=save-unit]');
    const put = await request('PUT', '/api/units/tan-phu');
    expect(put.request.body).toEqual({ parent: 'dong-xoai' });
    put.flush(
      { error: 'a unit cannot move under itself', details: [{ field: 'parent', message: "'x' is 'tan-phu' or lies below it" }] },
      { status: 422, statusText: 'Unprocessable Entity' },
    );
    await settle();
    expect(el().querySelector('[data-test=unit-parent-error]')?.textContent).toContain('lies below it');
  });

  it('asks before deleting and lists what blocks the delete', async () => {
    await click('tr[data-unit=tan-phu] [data-test=delete-unit]');
    await click('tr[data-unit=tan-phu] [data-test=confirm-delete]');
    (await request('DELETE', '/api/units/tan-phu')).flush(
      {
        error: "unit 'tan-phu' still has 1 child unit(s), 1 user(s)",
        details: [
          { field: 'children', message: '1 child unit(s): tan-phu-team' },
          { field: 'users', message: '1 user(s): operator.tanphu' },
        ],
      },
      { status: 409, statusText: 'Conflict' },
    );
    await settle();
    const error = el().querySelector('[data-test=org-error]')!.textContent!;
    expect(error).toContain('tan-phu-team');
    expect(error).toContain('operator.tanphu');
  });
});
