import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { DICTIONARIES, I18n } from '@ui/i18n';
import { en } from '../i18n/en';
import { vi } from '../i18n/vi';
import type { ChangeSummary } from './changes-api';
import { ChangesListPage } from './changes-list.page';

function summary(over: Partial<ChangeSummary> = {}): ChangeSummary {
  return {
    id: 'ch-1',
    kind: 'rule.save',
    entity: 'rule',
    key: 'flood-suoi-rat-level',
    title: 'Mực nước Suối Rạt',
    baseVersion: 2,
    requestedBy: 'admin',
    requestedAt: '2026-11-25T03:00:00Z',
    status: 'pending',
    decidedBy: null,
    decidedAt: null,
    reason: null,
    result: null,
    mayApprove: true,
    mayReject: true,
    mayWithdraw: false,
    ...over,
  };
}

describe('ChangesListPage', () => {
  let fixture: ComponentFixture<ChangesListPage>;
  let http: HttpTestingController;
  const el = () => fixture.nativeElement as HTMLElement;
  const settle = async () => {
    for (let i = 0; i < 3; i++) await new Promise((r) => setTimeout(r, 0));
    await fixture.whenStable();
    fixture.detectChanges();
  };
  const rows = () => [...el().querySelectorAll('[data-test=change-row]')];

  beforeEach(async () => {
    localStorage.setItem('cityops.lang', 'vi');
    TestBed.configureTestingModule({
      providers: [provideZonelessChangeDetection(), provideHttpClient(), provideHttpClientTesting(), provideRouter([]), { provide: DICTIONARIES, useValue: { vi, en } }],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ChangesListPage);
    fixture.detectChanges();
  });
  afterEach(() => http.verify());

  it('lists the pending requests: what, which SOP or rule, who asked and when (city time), each linking to its page', async () => {
    http.expectOne('/api/changes?status=pending').flush({
      fourEyes: true,
      items: [summary(), summary({ id: 'ch-2', kind: 'sop.deploy', entity: 'sop', key: 'flood-response', title: 'Ứng phó ngập', requestedBy: 'admin2' })],
    });
    await settle();
    expect(rows()).toHaveLength(2);
    const first = rows()[0]!;
    expect(first.textContent).toContain('Lưu ngưỡng');
    expect(first.textContent).toContain('flood-suoi-rat-level');
    expect(first.textContent).toContain('Mực nước Suối Rạt');
    expect(first.textContent).toContain('admin');
    expect(first.textContent).toContain(TestBed.inject(I18n).dateTime('2026-11-25T03:00:00Z'));
    expect(first.textContent).toContain('10:00'); // 03:00 UTC is 10:00 in Đồng Xoài
    expect(first.querySelector('[data-test=open-change]')!.getAttribute('href')).toBe('/changes/ch-1');
    expect(rows()[1]!.textContent).toContain('Triển khai quy trình');
    expect(el().querySelector('[data-test=four-eyes-off]')).toBeNull();

    // The type filter narrows what was loaded.
    const filter = el().querySelector('[data-test=entity-filter]') as HTMLSelectElement;
    filter.value = 'sop';
    filter.dispatchEvent(new Event('change'));
    await settle();
    expect(rows()).toHaveLength(1);
    expect(rows()[0]!.textContent).toContain('flood-response');
  });

  it('the decided tab shows who decided, when, why, and the version that went live', async () => {
    http.expectOne('/api/changes?status=pending').flush({ fourEyes: true, items: [] });
    await settle();
    expect(el().querySelector('[data-test=changes-empty]')!.textContent).toContain('Không có thay đổi nào đang chờ duyệt.');
    (el().querySelector('[data-test=tab-decided]') as HTMLButtonElement).click();
    await settle();
    http.expectOne('/api/changes?status=decided').flush({
      fourEyes: true,
      items: [
        summary({ status: 'approved', decidedBy: 'admin2', decidedAt: '2026-11-25T04:30:00Z', result: { version: 3 }, mayApprove: false, mayReject: false }),
        summary({ id: 'ch-3', status: 'rejected', decidedBy: 'admin2', decidedAt: '2026-11-25T05:00:00Z', reason: 'Ngưỡng quá thấp', mayApprove: false, mayReject: false }),
      ],
    });
    await settle();
    const [approved, rejected] = rows();
    expect(approved!.textContent).toContain('Đã phê duyệt');
    expect(approved!.textContent).toContain('admin2');
    expect(approved!.textContent).toContain('11:30');
    expect(approved!.textContent).toContain('v3');
    expect(rejected!.textContent).toContain('Bị từ chối');
    expect(rejected!.querySelector('[data-test=change-reason]')!.textContent).toContain('Ngưỡng quá thấp');
  });

  it('says when four eyes is off, and shows the API’s error in words', async () => {
    http.expectOne('/api/changes?status=pending').flush({ fourEyes: false, items: [] });
    await settle();
    expect(el().querySelector('[data-test=four-eyes-off]')!.textContent).toContain('hai người duyệt đang tắt');
    (el().querySelector('[data-test=tab-decided]') as HTMLButtonElement).click();
    await settle();
    http.expectOne('/api/changes?status=decided').flush({ error: 'forbidden' }, { status: 403, statusText: 'Forbidden' });
    await settle();
    expect(el().querySelector('[role=alert]')!.textContent).toContain('forbidden');
  });
});
