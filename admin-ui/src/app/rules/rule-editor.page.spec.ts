import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { DICTIONARIES } from '@ui/i18n';
import { en } from '../i18n/en';
import { vi } from '../i18n/vi';
import { RuleEditorPage } from './rule-editor.page';

const SOURCE = {
  id: 'flood-sensor/suoi-rat-bridge-11',
  name: 'Cầu 11 Suối Rạt',
  type: 'flood-sensor',
  unit: 'tan-phu',
  metrics: [{ key: 'water_level_m', unit: 'm', nameVi: 'Mực nước', nameEn: 'Water level' }],
};
const STORED = {
  key: 'flood',
  version: 2,
  name: 'Ngập',
  enabled: true,
  priority: 1,
  source: SOURCE.id,
  metric: 'water_level_m',
  levels: [{ severity: 'warning', threshold: { op: '>=', value: 2.5 } }],
  correlationKey: 'flood:{{source}}',
  action: { type: 'open-incident', sopKey: 'flood-response' },
};

describe('RuleEditorPage', () => {
  let fixture: ComponentFixture<RuleEditorPage>;
  let http: HttpTestingController;
  const el = () => fixture.nativeElement as HTMLElement;
  const settle = async () => {
    await fixture.whenStable();
    fixture.detectChanges();
  };
  /** The page awaits one call before the next: give its promise chain turns until the request is made. */
  const request = async (url: string) => {
    for (let i = 0; i < 50; i++) {
      const found = http.match(url); // match() takes what it finds off the pending list
      if (found.length > 1) throw new Error(`${found.length} requests to ${url}, expected one`);
      if (found.length === 1) return found[0]!;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no request to ${url}`);
  };

  beforeEach(async () => {
    localStorage.setItem('cityops.lang', 'vi');
    TestBed.configureTestingModule({
      providers: [provideZonelessChangeDetection(), provideHttpClient(), provideHttpClientTesting(), provideRouter([]), { provide: DICTIONARIES, useValue: { vi, en } }],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(RuleEditorPage);
    fixture.componentRef.setInput('key', 'flood');
    fixture.detectChanges();
    http.expectOne('/api/changes?status=pending').flush({ fourEyes: false, items: [] });
    http.expectOne('/api/sources').flush({ items: [SOURCE] });
    http.expectOne('/api/sources/types').flush({ 'flood-sensor': { nameVi: 'Trạm ngập', nameEn: 'Flood sensor', metrics: SOURCE.metrics } });
    http.expectOne('/api/sops').flush({ items: [{ key: 'flood-response', name: 'Ứng phó ngập', latestVersion: 1 }] });
    (await request('/api/rules/flood')).flush(STORED);
    await settle();
  });
  afterEach(() => http.verify());

  it('loads the stored rule into the guided form and tries it on the stored readings', async () => {
    expect((el().querySelector('[data-test=rule-name]') as HTMLInputElement).value).toBe('Ngập');
    expect(el().querySelectorAll('[data-test=level-row]')).toHaveLength(1);
    const backtest = await request('/api/rules/backtest');
    expect(backtest.request.body.rule).toMatchObject({ source: SOURCE.id, metric: 'water_level_m', levels: [{ severity: 'warning', threshold: { op: '>=', value: 2.5 } }] });
    expect(Date.parse(backtest.request.body.to) - Date.parse(backtest.request.body.from)).toBe(7 * 24 * 3600_000);
    backtest.flush({ events: 0, series: [], transitions: [] });
    await settle();
    expect(el().querySelector('[data-test=backtest-summary]')!.textContent).toContain('0 bản ghi');
    expect(el().textContent).toContain('Không có bản ghi nào');
  });

  it('adds a level, and shows the server’s complaint next to the field it names', async () => {
    (await request('/api/rules/backtest')).flush({ events: 0, series: [], transitions: [] });
    (el().querySelector('[data-test=add-level]') as HTMLButtonElement).click();
    await settle();
    const rows = el().querySelectorAll('[data-test=level-row]');
    expect(rows).toHaveLength(2);
    expect((rows[1]!.querySelector('select') as HTMLSelectElement).value).toBe('info');
    await new Promise((r) => setTimeout(r, 600)); // the edit settles, then the rule is tried again
    const retry = await request('/api/rules/backtest');
    expect(retry.request.body.rule.levels).toHaveLength(2);
    retry.flush(
      { error: 'invalid backtest request', details: [{ field: 'rule.levels.1.threshold.value', message: 'Invalid input: expected number, received null' }] },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    const second = el().querySelectorAll('[data-test=level-row]')[1]!;
    expect(second.querySelector('.field-error')!.textContent).toContain('expected number');
    expect(second.querySelector('input')!.classList).toContain('invalid');
    expect(el().querySelector('[data-test=editor-message]')!.textContent).toContain('invalid backtest request');
  });

  it('switches language at runtime', async () => {
    (await request('/api/rules/backtest')).flush({ events: 0, series: [], transitions: [] });
    expect(el().textContent).toContain('Mức cảnh báo');
    TestBed.inject((await import('@ui/i18n')).I18n).setLang('en');
    await settle();
    expect(el().textContent).toContain('Levels');
    expect(el().textContent).not.toContain('Mức cảnh báo');
  });
  it('saves as today when four eyes is off: “Lưu”, and the new version is said', async () => {
    (await request('/api/rules/backtest')).flush({ events: 0, series: [], transitions: [] });
    const save = el().querySelector('[data-test=save-rule]') as HTMLButtonElement;
    expect(save.textContent).toContain('Lưu');
    expect(el().querySelector('[data-test=four-eyes-hint]')).toBeNull();
    save.click();
    const put = await request('/api/rules/flood');
    expect(put.request.method).toBe('PUT');
    put.flush({ key: 'flood', version: 3 });
    await settle();
    expect(el().querySelector('[data-test=editor-message]')!.textContent).toContain('Đã lưu phiên bản 3.');
    expect(el().querySelector('[data-test=change-link]')).toBeNull();
  });
});

describe('RuleEditorPage with four eyes on', () => {
  let fixture: ComponentFixture<RuleEditorPage>;
  let http: HttpTestingController;
  const el = () => fixture.nativeElement as HTMLElement;
  const settle = async () => {
    for (let i = 0; i < 3; i++) await new Promise((r) => setTimeout(r, 0));
    await fixture.whenStable();
    fixture.detectChanges();
  };
  const request = async (url: string, method?: string) => {
    for (let i = 0; i < 50; i++) {
      const found = http.match((r) => r.urlWithParams === url && (!method || r.method === method));
      if (found.length === 1) return found[0]!;
      if (found.length > 1) throw new Error(`${found.length} requests to ${url}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no ${method ?? ''} request to ${url}`);
  };
  const pending = (kind: string) => ({
    pendingApproval: true,
    change: { id: 'ch-7', kind, entity: 'rule', key: 'flood', title: 'Ngập', status: 'pending', requestedBy: 'admin', requestedAt: '2026-11-25T03:00:00Z' },
  });

  beforeEach(async () => {
    localStorage.setItem('cityops.lang', 'vi');
    TestBed.configureTestingModule({
      providers: [provideZonelessChangeDetection(), provideHttpClient(), provideHttpClientTesting(), provideRouter([]), { provide: DICTIONARIES, useValue: { vi, en } }],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(RuleEditorPage);
    fixture.componentRef.setInput('key', 'flood');
    fixture.detectChanges();
    http.expectOne('/api/changes?status=pending').flush({ fourEyes: true, items: [] });
    http.expectOne('/api/sources').flush({ items: [SOURCE] });
    http.expectOne('/api/sources/types').flush({});
    http.expectOne('/api/sops').flush({ items: [] });
    // Another admin's change to this rule already awaits approval.
    (await request('/api/rules/flood', 'GET')).flush({ ...STORED, pendingChange: { id: 'ch-3', kind: 'rule.disable', requestedBy: 'admin.duyet' } });
    (await request('/api/rules/backtest')).flush({ events: 0, series: [], transitions: [] });
    await settle();
  });
  afterEach(() => http.verify());

  it('words Save as “Gửi duyệt”, and a 202 says it awaits another admin, with a link to the request', async () => {
    const waiting = el().querySelector('[data-test=pending-change]')!;
    expect(waiting.textContent).toContain('admin.duyet đã gửi một thay đổi');
    expect(waiting.textContent).toContain('Lưu lần nữa sẽ gửi yêu cầu mới thay cho yêu cầu đó');
    expect(waiting.querySelector('[data-test=pending-change-link]')!.getAttribute('href')).toBe('/changes/ch-3');
    const save = el().querySelector('[data-test=save-rule]') as HTMLButtonElement;
    expect(save.textContent).toContain('Gửi duyệt');
    expect(el().querySelector('[data-test=four-eyes-hint]')!.textContent).toContain('quản trị viên khác phê duyệt');
    save.click();
    (await request('/api/rules/flood', 'PUT')).flush(pending('rule.save'), { status: 202, statusText: 'Accepted' });
    await settle();
    const message = el().querySelector('[data-test=editor-message]')!;
    expect(message.textContent).toContain('Đã gửi thay đổi để duyệt — chờ một quản trị viên khác phê duyệt.');
    expect(message.querySelector('[data-test=change-link]')!.getAttribute('href')).toBe('/changes/ch-7');
    expect(el().querySelector('[data-test=pending-change]')).toBeNull(); // replaced by the new request
  });

  it('disable and delete are submitted too (202), and the stored rule is left as it is', async () => {
    const toggle = el().querySelector('[data-test=toggle-rule]') as HTMLButtonElement;
    expect(toggle.textContent).toContain('Tắt ngưỡng');
    toggle.click();
    (await request('/api/rules/flood/disable', 'POST')).flush(pending('rule.disable'), { status: 202, statusText: 'Accepted' });
    await settle();
    expect(el().querySelector('[data-test=editor-message]')!.textContent).toContain('Đã gửi thay đổi để duyệt');
    expect((el().querySelector('[data-test=toggle-rule]') as HTMLButtonElement).textContent).toContain('Tắt ngưỡng'); // still enabled until approved

    jest.spyOn(window, 'confirm').mockReturnValue(true);
    (el().querySelector('[data-test=delete-rule]') as HTMLButtonElement).click();
    (await request('/api/rules/flood', 'DELETE')).flush(pending('rule.delete'), { status: 202, statusText: 'Accepted' });
    await settle();
    expect(el().querySelector('[data-test=editor-message] [data-test=change-link]')!.getAttribute('href')).toBe('/changes/ch-7');
  });

  it('a rule the server refuses (400) is still said at once, beside its field', async () => {
    (el().querySelector('[data-test=save-rule]') as HTMLButtonElement).click();
    (await request('/api/rules/flood', 'PUT')).flush({ error: 'invalid rule', details: [{ field: 'name', message: 'Too small' }] }, { status: 400, statusText: 'Bad Request' });
    await settle();
    expect(el().querySelector('[data-test=editor-message]')!.textContent).toContain('invalid rule');
    expect(el().querySelector('[data-test=editor-message] [data-test=change-link]')).toBeNull();
  });
});
