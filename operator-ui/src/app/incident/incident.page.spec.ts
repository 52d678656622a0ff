import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, type TestRequest } from '@angular/common/http/testing';
import { ChangeDetectionStrategy, Component, input, provideZonelessChangeDetection, signal } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Auth, type Role } from '@ui/auth';
import { DICTIONARIES } from '@ui/i18n';
import { Subject } from 'rxjs';
import { en } from '../i18n/en';
import { vi } from '../i18n/vi';
import { IncidentContextComponent } from '../incident-context/incident-context.component';
import { LiveUpdates, type LiveChange } from '../live/live-updates';
import type { IncidentView } from './incident-api';
import { IncidentPage } from './incident.page';

/** Stands in for the context (chart, map, diagram load heavy libraries this test does not need); records what it was given. */
@Component({ selector: 'op-incident-context', changeDetection: ChangeDetectionStrategy.OnPush, template: `<div data-test="context-stub">{{ refresh() }}</div>` })
class ContextStub {
  readonly incidentId = input.required<string>();
  readonly refresh = input(0);
}

const INCIDENT: IncidentView = {
  id: 'inc-1',
  title: 'Ngập sâu tại cầu 11 Suối Rạt',
  status: 'open',
  severity: 'warning',
  sopKey: 'flood-response',
  sopVersion: 3,
  unit: 'tan-phu',
  eventCount: 4,
  openedAt: '2026-11-25T02:00:00Z',
  acknowledgedAt: '2026-11-25T02:04:00Z',
  resolvedAt: null,
  resolution: null,
  location: { lat: 11.53, lon: 106.88 },
  failedSteps: [],
  reportedBy: null,
};
const TASK = {
  id: 't-1',
  incidentId: 'inc-1',
  stepId: 'inspect',
  name: 'Kiểm tra hiện trường',
  status: 'claimed',
  unit: 'tan-phu',
  assignee: 'operator.ioc',
  dueAt: null,
  escalationLevel: 0,
  mayAct: true,
};
const COMMENT = { id: 'c-1', incidentId: 'inc-1', author: 'operator.ioc', kind: 'comment', text: 'Đã tới hiện trường', createdAt: '2026-11-25T02:10:00Z' };

describe('IncidentPage', () => {
  let fixture: ComponentFixture<IncidentPage>;
  let http: HttpTestingController;
  let changes: Subject<LiveChange>;
  const el = () => fixture.nativeElement as HTMLElement;
  const q = (test: string) => el().querySelector(`[data-test=${test}]`) as HTMLElement | null;
  const settle = async () => {
    await new Promise((r) => setTimeout(r, 0));
    await fixture.whenStable();
    fixture.detectChanges();
  };
  /** The page awaits one call before the next: give its promise chain turns until the request is made. */
  const request = async (method: string, url: string): Promise<TestRequest> => {
    for (let i = 0; i < 50; i++) {
      const found = http.match((r) => r.method === method && r.url === url);
      if (found.length > 1) throw new Error(`${found.length} requests to ${method} ${url}, expected one`);
      if (found.length === 1) return found[0]!;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no request to ${method} ${url}`);
  };
  const type = (test: string, value: string) => {
    const field = q(test) as HTMLInputElement | HTMLTextAreaElement;
    field.value = value;
    field.dispatchEvent(new Event('input'));
    fixture.detectChanges();
  };

  async function open(roles: Role[], incident: IncidentView = INCIDENT): Promise<void> {
    localStorage.setItem('cityops.lang', 'vi');
    changes = new Subject<LiveChange>();
    const auth = { user: signal({ username: 'u', displayName: 'U', roles, unit: 'tan-phu' }), hasRole: (...wanted: Role[]) => roles.some((r) => wanted.includes(r)) };
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        { provide: DICTIONARIES, useValue: { vi, en } },
        { provide: Auth, useValue: auth },
        { provide: LiveUpdates, useValue: { changes, resyncs: new Subject<void>(), connected: signal(true) } },
      ],
    });
    TestBed.overrideComponent(IncidentPage, { remove: { imports: [IncidentContextComponent] }, add: { imports: [ContextStub] } });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(IncidentPage);
    fixture.componentRef.setInput('id', 'inc-1');
    fixture.detectChanges();
    (await request('GET', '/api/incidents/inc-1')).flush(incident);
    (await request('GET', '/api/incidents/inc-1/tasks')).flush({ items: [TASK, { ...TASK, id: 't-0', stepId: 'report', status: 'completed', mayAct: false }] });
    await settle();
    (await request('GET', '/api/incidents/inc-1/comments')).flush({ items: [COMMENT] });
    await settle();
  }

  afterEach(() => http.verify());

  it('shows the header, the incident’s own tasks linked to their pages, the thread and the context', async () => {
    await open(['operator']);
    expect(q('incident-title')!.textContent).toContain('Ngập sâu tại cầu 11 Suối Rạt');
    expect(q('incident-severity')!.textContent).toContain('Cảnh báo');
    expect(el().textContent).toContain('flood-response@3');
    expect(el().textContent).toContain('09:00'); // opened 02:00 UTC = 09:00 in Đồng Xoài
    const tasks = el().querySelectorAll('[data-test=incident-task]');
    expect(tasks).toHaveLength(2);
    expect(tasks[0]!.querySelector('a')!.getAttribute('href')).toBe('/tasks/t-1');
    // A step the user may not work (another unit's, done) is listed without a link.
    expect(tasks[1]!.querySelector('a')).toBeNull();
    expect(tasks[1]!.textContent).toContain('Kiểm tra hiện trường');
    expect(el().querySelectorAll('[data-test=comment]')).toHaveLength(1);
    expect(q('context-stub')!.textContent).toBe('0');
  });

  it('offers an operator comments and repairs of failed steps, but none of the leaders’ operations', async () => {
    await open(['operator'], { ...INCIDENT, failedSteps: [{ stepId: 'notify-ward', errorType: 'ActivityFailure', message: 'SMTP down', at: '2026-11-25T02:30:00Z' }] });
    expect(q('comment-box')).not.toBeNull();
    expect(q('post-comment')).not.toBeNull();
    expect(q('post-directive')).toBeNull();
    expect(q('cancel-incident')).toBeNull();
    expect(q('raise-severity')).toBeNull();
    expect(q('reassign')).toBeNull();
    expect(q('escalate')).toBeNull();
    expect(q('retry-step')).not.toBeNull();
    expect(q('skip-step')).not.toBeNull();
  });

  it('offers a leader every operation on a running incident, and hides the step repairs when nothing failed', async () => {
    await open(['leader']);
    for (const test of ['post-directive', 'cancel-incident', 'raise-severity', 'reassign', 'escalate']) expect(q(test)).not.toBeNull();
    expect(q('retry-step')).toBeNull();
    expect(q('skip-step')).toBeNull();
  });

  it('posts a leader’s directive, pins it above the comments, and shows a comment that arrives live without reload', async () => {
    await open(['leader']);
    type('comment-box', 'Huy động lực lượng phân luồng giao thông ngay');
    q('post-directive')!.click();
    const post = await request('POST', '/api/incidents/inc-1/comments');
    expect(post.request.body).toEqual({ text: 'Huy động lực lượng phân luồng giao thông ngay', kind: 'directive' });
    const directive = {
      id: 'd-1',
      incidentId: 'inc-1',
      author: 'leader',
      kind: 'directive',
      text: 'Huy động lực lượng phân luồng giao thông ngay',
      createdAt: '2026-11-25T02:20:00Z',
      pinned: true,
    };
    post.flush(directive);
    await settle();
    const pinned = el().querySelectorAll('[data-test=directive]');
    expect(pinned).toHaveLength(1);
    expect(pinned[0]!.textContent).toContain('Chỉ đạo');
    expect(pinned[0]!.textContent).toContain('Huy động lực lượng');
    // Pinned above the thread, although newer than the comment.
    expect(pinned[0]!.compareDocumentPosition(q('comment')!) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect((q('comment-box') as HTMLTextAreaElement).value).toBe('');

    // A change about another incident is not this page's business.
    changes.next({ entity: 'comment', id: 'x', incidentId: 'inc-9', action: 'comment.added', at: '2026-11-25T02:21:00Z' });
    await settle();
    expect(http.match(() => true)).toHaveLength(0);

    const reply = { id: 'c-2', incidentId: 'inc-1', author: 'operator.ioc', kind: 'comment', text: 'Đã nhận chỉ đạo, đang triển khai', createdAt: '2026-11-25T02:22:00Z' };
    changes.next({ entity: 'comment', id: 'c-2', incidentId: 'inc-1', action: 'comment.added', at: '2026-11-25T02:22:00Z' });
    (await request('GET', '/api/incidents/inc-1/comments')).flush({ items: [COMMENT, directive, reply] });
    await settle();
    const comments = [...el().querySelectorAll('[data-test=comment]')].map((c) => c.textContent);
    expect(comments).toHaveLength(2);
    expect(comments[1]).toContain('Đã nhận chỉ đạo, đang triển khai');
    expect(el().querySelectorAll('[data-test=directive]')).toHaveLength(1);
    // The timeline in the context lists comments too: it was told to refetch.
    expect(q('context-stub')!.textContent).toBe('1');
  });

  it('refetches the incident and its tasks when the live stream says a task of it changed', async () => {
    await open(['operator']);
    changes.next({ entity: 'task', id: 't-1', incidentId: 'inc-1', action: 'task.completed', at: '2026-11-25T02:30:00Z' });
    (await request('GET', '/api/incidents/inc-1')).flush({ ...INCIDENT, status: 'resolved', resolvedAt: '2026-11-25T02:30:00Z' });
    (await request('GET', '/api/incidents/inc-1/tasks')).flush({ items: [] });
    await settle();
    expect(q('incident-status')!.textContent).toContain('Đã xử lý xong');
    expect(el().querySelectorAll('[data-test=incident-task]')).toHaveLength(0);
  });

  it('cancels only after confirmation with a reason, shows the server’s field error beside it and a 409’s reason', async () => {
    await open(['leader']);
    q('cancel-incident')!.click();
    fixture.detectChanges();
    expect(q('confirm-cancel')).not.toBeNull();
    const confirm = () => q('confirm-cancel')!.querySelector('[data-test=confirm]') as HTMLButtonElement;
    expect(confirm().disabled).toBe(true); // no reason yet
    type('cancel-reason', 'ab');
    confirm().click();
    (await request('POST', '/api/incidents/inc-1/cancel')).flush(
      { error: 'invalid cancellation', details: [{ field: 'reason', message: 'Too small: expected string to have >=3 characters' }] },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    expect(q('reason-error')!.textContent).toContain('Too small');
    expect(q('cancel-reason')!.classList).toContain('invalid');

    type('cancel-reason', 'Báo động giả, cảm biến lỗi');
    confirm().click();
    const cancel = await request('POST', '/api/incidents/inc-1/cancel');
    expect(cancel.request.body).toEqual({ reason: 'Báo động giả, cảm biến lỗi' });
    cancel.flush({ error: 'incident is resolved' }, { status: 409, statusText: 'Conflict' });
    await settle();
    expect(q('op-error')!.textContent).toContain('incident is resolved');
    expect(q('confirm-cancel')).not.toBeNull();
  });

  it('skips a failed step with a justification and refetches; a retry the workflow refuses shows why', async () => {
    await open(['operator'], { ...INCIDENT, failedSteps: [{ stepId: 'notify-ward', errorType: 'ActivityFailure', message: 'SMTP down', at: '2026-11-25T02:30:00Z' }] });
    q('retry-step')!.click();
    fixture.detectChanges();
    (q('confirm-retry')!.querySelector('[data-test=confirm]') as HTMLButtonElement).click();
    (await request('POST', '/api/incidents/inc-1/steps/notify-ward/retry')).flush({ error: 'step notify-ward has not failed' }, { status: 409, statusText: 'Conflict' });
    await settle();
    expect(q('confirm-retry')!.textContent).toContain('step notify-ward has not failed');

    q('skip-step')!.click();
    fixture.detectChanges();
    type('skip-justification', 'Đã báo phường qua điện thoại');
    (q('confirm-skip')!.querySelector('[data-test=confirm]') as HTMLButtonElement).click();
    const skip = await request('POST', '/api/incidents/inc-1/steps/notify-ward/skip');
    expect(skip.request.body).toEqual({ justification: 'Đã báo phường qua điện thoại' });
    skip.flush({ accepted: true }, { status: 202, statusText: 'Accepted' });
    (await request('GET', '/api/incidents/inc-1')).flush({ ...INCIDENT, failedSteps: [] });
    (await request('GET', '/api/incidents/inc-1/tasks')).flush({ items: [TASK] });
    await settle();
    expect(q('op-done')!.textContent).toContain('Đã bỏ qua bước.');
    expect(q('skip-step')).toBeNull();
  });

  it('reassigns a task to a unit with a reason (leaders)', async () => {
    await open(['leader']);
    q('reassign')!.click();
    fixture.detectChanges();
    (await request('GET', '/api/units')).flush({
      items: [
        { id: 'tan-phu', name: 'Phường Tân Phú' },
        { id: 'chieu-sang', name: 'Đội chiếu sáng' },
      ],
    });
    await settle();
    const select = q('reassign-unit') as HTMLSelectElement;
    select.value = 'chieu-sang';
    select.dispatchEvent(new Event('change'));
    type('reassign-reason', 'Sự cố đèn, chuyển đội chiếu sáng');
    (q('confirm-reassign')!.querySelector('[data-test=confirm]') as HTMLButtonElement).click();
    const reassign = await request('POST', '/api/tasks/t-1/reassign');
    expect(reassign.request.body).toEqual({ unit: 'chieu-sang', reason: 'Sự cố đèn, chuyển đội chiếu sáng' });
    reassign.flush({ ...TASK, unit: 'chieu-sang' });
    (await request('GET', '/api/incidents/inc-1')).flush(INCIDENT);
    (await request('GET', '/api/incidents/inc-1/tasks')).flush({ items: [{ ...TASK, unit: 'chieu-sang', assignee: null }] });
    await settle();
    expect(q('op-done')!.textContent).toContain('Đã chuyển giao nhiệm vụ.');
    expect(q('incident-task')!.textContent).toContain('chieu-sang');
  });
});
