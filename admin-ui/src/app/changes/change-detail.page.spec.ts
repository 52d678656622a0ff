import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection, signal } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Auth, type Role } from '@ui/auth';
import { DICTIONARIES } from '@ui/i18n';
import { en } from '../i18n/en';
import { vi } from '../i18n/vi';
import { ChangeDetailPage } from './change-detail.page';
import type { ChangeSummary } from './changes-api';

/** bpmn-js needs a real SVG layout engine; this stand-in records what the page's viewer asks of it. */
const viewers: FakeViewer[] = [];
class FakeViewer {
  readonly markers = new Map<string, Set<string>>();
  readonly overlays: { id: string; html: HTMLElement }[] = [];
  imported: string[] = [];
  destroyed = false;
  private readonly root = {};
  constructor(readonly options: { container: HTMLElement }) {
    viewers.push(this);
  }
  async importXML(xml: string) {
    this.imported.push(xml);
    this.markers.clear(); // new graphics: nothing marked
    return { warnings: [] };
  }
  get(name: string): unknown {
    const { markers, overlays, root } = this;
    const drawn = new Set(['inspect', 'notify', 'approve', 'flow1', 'Process_1']);
    const services: Record<string, unknown> = {
      canvas: {
        zoom: () => undefined,
        addMarker: (id: string, m: string) => markers.set(id, new Set([...(markers.get(id) ?? []), m])),
        removeMarker: (id: string, m: string) => markers.get(id)?.delete(m),
        getRootElement: () => root,
      },
      elementRegistry: { get: (id: string) => (id === 'Process_1' ? root : drawn.has(id) ? { id } : undefined) },
      overlays: {
        add: (id: string, _type: string, o: { html: HTMLElement }) => overlays.push({ id, html: o.html }),
        remove: () => overlays.splice(0, overlays.length),
      },
    };
    return services[name];
  }
  destroy() {
    this.destroyed = true;
  }
}
jest.mock('bpmn-js/lib/NavigatedViewer', () => ({ __esModule: true, default: FakeViewer }));

function summary(over: Partial<ChangeSummary> = {}): ChangeSummary {
  return {
    id: 'ch-1',
    kind: 'sop.deploy',
    entity: 'sop',
    key: 'flood-response',
    title: 'Ứng phó ngập',
    baseVersion: 2,
    requestedBy: 'admin2',
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

const SOP_DETAIL = {
  name: 'Ứng phó ngập',
  bpmnXml: '<definitions id="proposed"/>',
  current: { version: 2, bpmnXml: '<definitions id="current"/>' },
  problems: { errors: [], warnings: [{ elementId: 'notify', message: 'no due time' }] },
  elements: [
    { id: 'approve', name: 'Phê duyệt phương án', type: 'userTask', change: 'added' },
    { id: 'inspect', name: 'Kiểm tra hiện trường', type: 'userTask', change: 'changed' },
    { id: 'old-call', name: 'Gọi điện', type: 'userTask', change: 'removed' },
  ],
};

const RULE_DETAIL = {
  before: { key: 'flood', version: 2, name: 'Ngập', levels: [{ severity: 'warning', threshold: { op: '>=', value: 2.5 } }] },
  after: { key: 'flood', name: 'Ngập', levels: [{ severity: 'warning', threshold: { op: '>=', value: 2.8 } }] },
  fields: [
    { field: 'levels', before: [{ severity: 'warning', threshold: { op: '>=', value: 2.5 } }], after: [{ severity: 'warning', threshold: { op: '>=', value: 2.8 } }] },
    { field: 'correlationKey', before: undefined, after: 'flood:{{source}}' },
  ],
};

describe('ChangeDetailPage', () => {
  let fixture: ComponentFixture<ChangeDetailPage>;
  let http: HttpTestingController;
  const el = () => fixture.nativeElement as HTMLElement;
  const q = (sel: string) => el().querySelector(sel);
  const settle = async () => {
    for (let i = 0; i < 4; i++) await new Promise((r) => setTimeout(r, 0));
    await fixture.whenStable();
    fixture.detectChanges();
  };
  const click = async (sel: string) => {
    (q(sel) as HTMLButtonElement).click();
    await settle();
  };
  const viewer = () => viewers[viewers.length - 1]!;
  const markersOf = (id: string) => [...(viewer().markers.get(id) ?? [])];

  /** Opens the page as `username` with `roles`, answering its request with `change` (or an error `status`). */
  async function open(change: object, username = 'admin', roles: Role[] = ['admin'], status = 200): Promise<void> {
    viewers.length = 0;
    localStorage.setItem('cityops.lang', 'vi');
    const user = signal({ username, displayName: username, roles, unit: 'city' });
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        { provide: DICTIONARIES, useValue: { vi, en } },
        { provide: Auth, useValue: { user, hasRole: (...r: Role[]) => roles.some((x) => r.includes(x)) } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ChangeDetailPage);
    fixture.componentRef.setInput('id', 'ch-1');
    fixture.detectChanges();
    await settle();
    http.expectOne('/api/changes/ch-1').flush(change, status === 200 ? {} : { status, statusText: 'Not Found' });
    await settle();
  }
  afterEach(() => http.verify());

  describe('an SOP version another admin submitted', () => {
    beforeEach(() => open({ ...summary(), detail: SOP_DETAIL }));

    it('shows the proposed diagram with the added and changed elements marked, lists every change, and the running version on request', async () => {
      expect(q('[data-test=change-title]')!.textContent).toContain('Triển khai quy trình: flood-response');
      expect(q('[data-test=change-author]')!.textContent).toContain('admin2');
      expect(viewer().imported).toEqual(['<definitions id="proposed"/>']);
      expect(markersOf('approve')).toEqual(['change-added']);
      expect(markersOf('inspect')).toEqual(['change-changed']);
      expect(markersOf('old-call')).toEqual([]); // not on the proposed diagram
      const items = [...el().querySelectorAll('[data-test=changed-elements] li')].map((li) => li.textContent!.replace(/\s+/g, ' ').trim());
      expect(items).toEqual([
        'thêm mới Phê duyệt phương án (approve) · Bước do người xử lý',
        'thay đổi Kiểm tra hiện trường (inspect) · Bước do người xử lý',
        'bị xóa Gọi điện (old-call) · Bước do người xử lý',
      ]);
      expect(q('[data-test=compile-warnings]')!.textContent).toContain('notify: no due time');
      expect(q('[data-test=compile-errors]')).toBeNull();
      expect(q('[data-test=own-change]')).toBeNull();

      await click('[data-test=show-current]');
      expect(viewer().imported).toEqual(['<definitions id="proposed"/>', '<definitions id="current"/>']);
      expect(viewers).toHaveLength(1); // one viewer, reused
      await settle();
      expect(markersOf('approve')).toEqual([]);
      expect(markersOf('inspect')).toEqual(['change-changed']);
    });

    it('approves: the version that went live is said, and the buttons go', async () => {
      await click('[data-test=approve]');
      const req = http.expectOne('/api/changes/ch-1/approve');
      expect(req.request.method).toBe('POST');
      req.flush(summary({ status: 'approved', decidedBy: 'admin', decidedAt: '2026-11-25T04:00:00Z', result: { version: 3 }, mayApprove: false, mayReject: false }));
      await settle();
      expect(q('[data-test=change-message]')!.textContent).toContain('Đã phê duyệt. Phiên bản 3 đang có hiệu lực.');
      expect(q('[data-test=change-status]')!.textContent).toContain('Đã phê duyệt');
      expect(q('[data-test=change-result]')!.textContent).toContain('v3');
      expect(q('[data-test=decide]')).toBeNull();
      expect(q('[data-test=sop-change]')).not.toBeNull(); // the proposal stays on screen
    });

    it('rejects only with a reason', async () => {
      await click('[data-test=reject]');
      await click('[data-test=confirm-reject]');
      expect(q('[data-test=reason-missing]')!.textContent).toContain('Hãy nhập lý do từ chối.');
      http.expectNone('/api/changes/ch-1/reject');
      const reason = q('[data-test=reject-reason]') as HTMLTextAreaElement;
      reason.value = 'Thiếu bước thông báo cho phường';
      reason.dispatchEvent(new Event('input'));
      await click('[data-test=confirm-reject]');
      const req = http.expectOne('/api/changes/ch-1/reject');
      expect(req.request.body).toEqual({ reason: 'Thiếu bước thông báo cho phường' });
      req.flush(
        summary({ status: 'rejected', decidedBy: 'admin', decidedAt: '2026-11-25T04:00:00Z', reason: 'Thiếu bước thông báo cho phường', mayApprove: false, mayReject: false }),
      );
      await settle();
      expect(q('[data-test=change-message]')!.textContent).toContain('Đã từ chối thay đổi.');
      expect(q('[data-test=change-reason]')!.textContent).toContain('Thiếu bước thông báo cho phường');
    });

    it('a 422 on approval lists the compile problems by element and marks them on the diagram', async () => {
      await click('[data-test=approve]');
      http
        .expectOne('/api/changes/ch-1/approve')
        .flush(
          { error: 'SOP does not compile', errors: [{ elementId: 'approve', message: 'form "approval" v1 does not exist' }] },
          { status: 422, statusText: 'Unprocessable Entity' },
        );
      await settle();
      expect(q('[data-test=change-error]')!.textContent).toContain('quy trình không còn biên dịch được (1 lỗi)');
      expect(q('[data-test=change-error]')!.textContent).toContain('SOP does not compile');
      const problem = q('[data-test=compile-errors] [data-test=problem]')!;
      expect(problem.textContent).toContain('Phê duyệt phương án (approve): form "approval" v1 does not exist');
      expect(markersOf('approve')).toContain('sop-error');
      expect(viewer().overlays.map((o) => o.id)).toEqual(['approve']);
    });

    it('a 403 on approval (the server knows better: the caller wrote it) says four eyes in words', async () => {
      await click('[data-test=approve]');
      http.expectOne('/api/changes/ch-1/approve').flush({ error: 'four eyes: the author of a change cannot approve it' }, { status: 403, statusText: 'Forbidden' });
      await settle();
      expect(q('[data-test=change-error]')!.textContent).toContain('Người đề xuất không thể tự quyết định thay đổi của mình: cần một quản trị viên khác phê duyệt.');
    });

    it('a stale request (409) is said in words, and the request is read again', async () => {
      await click('[data-test=approve]');
      http.expectOne('/api/changes/ch-1/approve').flush({ error: 'stale: the SOP changed since the request' }, { status: 409, statusText: 'Conflict' });
      await settle();
      expect(q('[data-test=change-error]')!.textContent).toContain('Quy trình (SOP) đã thay đổi kể từ khi đề xuất');
      http.expectOne('/api/changes/ch-1').flush({ ...summary({ status: 'superseded', mayApprove: false, mayReject: false }), detail: SOP_DETAIL });
      await settle();
      expect(q('[data-test=change-status]')!.textContent).toContain('Đã bị thay thế');
      expect(q('[data-test=decide]')).toBeNull();
      expect(q('[data-test=change-error]')).not.toBeNull(); // the reason stays said
    });
  });

  it('the author sees why they cannot approve their own request, and may withdraw it; a 403 is said in words', async () => {
    await open({ ...summary({ requestedBy: 'admin', mayApprove: false, mayReject: false, mayWithdraw: true }), detail: SOP_DETAIL });
    expect(q('[data-test=own-change]')!.textContent).toContain('Cần một quản trị viên khác phê duyệt');
    expect(q('[data-test=approve]')).toBeNull();
    expect(q('[data-test=reject]')).toBeNull();
    await click('[data-test=withdraw]');
    http.expectOne('/api/changes/ch-1/withdraw').flush({ error: 'only the author may withdraw a change' }, { status: 403, statusText: 'Forbidden' });
    await settle();
    expect(q('[data-test=change-error]')!.textContent).toContain('Bạn không có quyền thực hiện thao tác này.');
    expect(q('[data-test=change-error]')!.textContent).toContain('only the author may withdraw');
    await click('[data-test=withdraw]');
    http
      .expectOne('/api/changes/ch-1/withdraw')
      .flush(summary({ requestedBy: 'admin', status: 'withdrawn', decidedBy: 'admin', decidedAt: '2026-11-25T04:00:00Z', mayApprove: false, mayReject: false }));
    await settle();
    expect(q('[data-test=change-message]')!.textContent).toContain('Đã rút lại đề xuất.');
    expect(q('[data-test=own-change]')).toBeNull();
    expect(q('[data-test=withdraw]')).toBeNull();
  });

  it('shows a rule change as a before → after table of the changed fields', async () => {
    await open({ ...summary({ kind: 'rule.save', entity: 'rule', key: 'flood', title: 'Ngập' }), detail: RULE_DETAIL });
    expect(q('[data-test=change-diagram]')).toBeNull();
    expect(viewers).toHaveLength(0); // bpmn-js is not loaded for a rule
    const rows = [...el().querySelectorAll('[data-test=field-change]')];
    expect(rows.map((r) => r.getAttribute('data-field'))).toEqual(['levels', 'correlationKey']);
    expect(rows[0]!.querySelector('th')!.textContent).toContain('Mức cảnh báo');
    expect(rows[0]!.querySelector('[data-test=before]')!.textContent).toBe('Cảnh báo >= 2.5');
    expect(rows[0]!.querySelector('[data-test=after]')!.textContent).toBe('Cảnh báo >= 2.8');
    expect(rows[1]!.querySelector('[data-test=before]')!.textContent).toContain('(không có)');
    expect(rows[1]!.querySelector('[data-test=after]')!.textContent).toContain('flood:{{source}}');
    await click('[data-test=approve]');
    http.expectOne('/api/changes/ch-1/approve').flush({ error: 'not pending any more' }, { status: 409, statusText: 'Conflict' });
    await settle();
    expect(q('[data-test=change-error]')!.textContent).toContain('không còn chờ duyệt');
    http.expectOne('/api/changes/ch-1').flush({ ...summary({ kind: 'rule.save', entity: 'rule', status: 'approved', mayApprove: false, mayReject: false }), detail: RULE_DETAIL });
  });

  it('a rule delete says what approval does', async () => {
    await open({ ...summary({ kind: 'rule.delete', entity: 'rule', key: 'flood' }), detail: { before: RULE_DETAIL.before, after: null, fields: [] } });
    expect(q('[data-test=delete-rule]')!.textContent).toContain('Ngưỡng sẽ bị xóa khi được phê duyệt.');
    await click('[data-test=approve]');
    http.expectOne('/api/changes/ch-1/approve').flush(summary({ kind: 'rule.delete', entity: 'rule', status: 'approved', result: null, mayApprove: false, mayReject: false }));
    await settle();
    expect(q('[data-test=change-message]')!.textContent).toContain('ngưỡng đã được xóa');
  });

  it('auditors read only: no buttons, even if the flags said otherwise', async () => {
    await open({ ...summary(), detail: SOP_DETAIL }, 'auditor', ['auditor']);
    expect(q('[data-test=decide]')).toBeNull();
    expect(q('[data-test=read-only]')!.textContent).toContain('chỉ có quyền xem');
    expect(q('[data-test=sop-change]')).not.toBeNull();
  });

  it('an unknown request says the API’s error', async () => {
    await open({ error: 'change not found' }, 'admin', ['admin'], 404);
    expect(q('[data-test=load-error]')!.textContent).toContain('change not found');
    expect(q('[data-test=decide]')).toBeNull();
  });
});
