import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, type TestRequest } from '@angular/common/http/testing';
import { provideZonelessChangeDetection, signal } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { Subject } from 'rxjs';
import { Auth } from '@ui/auth';
import { DICTIONARIES } from '@ui/i18n';
import { en } from '../i18n/en';
import { vi } from '../i18n/vi';
import { LiveUpdates, type LiveChange } from '../live/live-updates';
import type { InboxTask } from '../task/task-api';
import { InboxPage } from './inbox.page';

const minutes = (n: number) => new Date(Date.now() + n * 60_000).toISOString();
const task = (id: string, over: Partial<InboxTask> = {}): InboxTask => ({
  id,
  incidentId: 'inc-1',
  stepId: 'verify',
  name: `Bước ${id}`,
  status: 'open',
  unit: 'tan-phu',
  role: null,
  assignee: null,
  formKey: null,
  formVersion: null,
  createdAt: '2026-11-25T09:00:00.000Z',
  claimedAt: null,
  completedAt: null,
  dueAt: minutes(60),
  skippable: false,
  item: null,
  escalationLevel: null,
  completedBy: null,
  incident: { id: 'inc-1', title: 'Ngập cầu 11 Suối Rạt', severity: 'critical', status: 'open', location: null },
  ...over,
});

describe('InboxPage', () => {
  let fixture: ComponentFixture<InboxPage>;
  let http: HttpTestingController;
  const changes = new Subject<LiveChange>();
  const resyncs = new Subject<void>();
  const el = () => fixture.nativeElement as HTMLElement;
  const rows = () => [...el().querySelectorAll<HTMLElement>('[data-test=inbox-row]')];
  /** Lets the page's promise chains finish (a macrotask), then renders. */
  const settle = async () => {
    await new Promise((r) => setTimeout(r, 0));
    await fixture.whenStable();
    fixture.detectChanges();
  };
  /** Waits (through the live debounce) for the one request matching. */
  const request = async (method: string, url: string): Promise<TestRequest> => {
    for (let i = 0; i < 100; i++) {
      const found = http.match((r) => r.method === method && r.url === url);
      if (found.length > 1) throw new Error(`${found.length} requests to ${url}, expected one`);
      if (found.length === 1) return found[0]!;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no ${method} ${url}`);
  };
  const taskChange = (id: string, action: string): LiveChange => ({ entity: 'task', id, incidentId: 'inc-1', action, at: new Date().toISOString() });

  beforeEach(async () => {
    localStorage.clear();
    localStorage.setItem('cityops.lang', 'vi');
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([{ path: 'tasks/:id', children: [] }]),
        { provide: DICTIONARIES, useValue: { vi, en } },
        { provide: LiveUpdates, useValue: { changes, resyncs, connected: signal(true) } },
        {
          provide: Auth,
          useValue: { user: signal({ username: 'operator.ioc', displayName: 'IOC', roles: ['operator'], unit: 'ioc' }), token: signal('tok'), hasRole: () => false },
        },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(InboxPage);
    fixture.detectChanges();
    (await request('GET', '/api/units')).flush({ items: [{ id: 'tan-phu', name: 'Phường Tân Phú' }] });
    const first = await request('GET', '/api/tasks');
    expect(first.request.params.get('scope')).toBe('unit');
    first.flush({
      items: [
        task('t1', { dueAt: minutes(-5.2) }),
        task('t2', { status: 'claimed', assignee: 'operator.ioc', dueAt: minutes(10.5) }),
        task('t3', { dueAt: null, incident: { id: 'inc-2', title: 'Đèn hỏng Lê Duẩn', severity: 'info', status: 'open', location: null } }),
      ],
      total: 3,
    });
    await settle();
  });
  afterEach(() => {
    http.verify();
    fixture.destroy();
  });

  it('shows each task with its incident, unit, assignee and a countdown coloured by urgency', () => {
    expect(rows().map((r) => r.dataset['taskId'])).toEqual(['t1', 't2', 't3']);
    const [overdue, soon, undated] = rows();
    expect(overdue!.textContent).toContain('Ngập cầu 11 Suối Rạt');
    expect(overdue!.textContent).toContain('Nghiêm trọng');
    expect(overdue!.textContent).toContain('Phường Tân Phú');
    expect(overdue!.textContent).toContain('Chưa có người nhận');
    expect(overdue!.querySelector('[data-test=countdown]')!.textContent).toContain('quá hạn 5 phút');
    expect(overdue!.classList).toContain('overdue');
    expect(soon!.querySelector('[data-test=countdown]')!.textContent).toContain('còn 10 phút');
    expect(soon!.classList).toContain('due-soon');
    expect(soon!.textContent).toContain('operator.ioc');
    expect(soon!.querySelector('[data-test=release]')).not.toBeNull();
    expect(soon!.querySelector('[data-test=claim]')).toBeNull();
    expect(undated!.querySelector('[data-test=countdown]')!.textContent).toContain('không có hạn');
    expect(el().querySelector('[data-test=keyboard-legend]')!.textContent).toContain('nhận xử lý');
  });

  it('fetches just the tasks a burst of live changes names: a new one appears highlighted, a completed one leaves', async () => {
    changes.next(taskChange('t4', 'task.created'));
    changes.next(taskChange('t1', 'task.completed')); // one burst, one fetch
    const delta = await request('GET', '/api/tasks');
    expect(delta.request.params.get('ids')).toBe('t4,t1');
    expect(delta.request.params.get('scope')).toBe('unit');
    delta.flush({ items: [task('t4', { name: 'Điều xe bơm' })], total: 1 }); // t1 is no longer listed: it is not answered
    await settle();
    expect(rows().map((r) => r.dataset['taskId'])).toEqual(['t2', 't4', 't3']); // by due time, the undated last
    const arrived = rows()[1]!;
    expect(arrived.textContent).toContain('Điều xe bơm');
    expect(arrived.classList).toContain('fresh');
    expect(rows()[0]!.classList).not.toContain('fresh');
  });

  it('updates a row in place when its task changes (claimed by a colleague)', async () => {
    changes.next(taskChange('t1', 'task.claimed'));
    (await request('GET', '/api/tasks')).flush({ items: [task('t1', { status: 'claimed', assignee: 'operator.tanphu', dueAt: minutes(-5.2) })], total: 1 });
    await settle();
    expect(rows().map((r) => r.dataset['taskId'])).toEqual(['t1', 't2', 't3']);
    expect(rows()[0]!.textContent).toContain('operator.tanphu');
    expect(rows()[0]!.classList).not.toContain('fresh');
  });

  it('fetches the listed tasks of an incident again when it changes, and ignores incidents it does not list', async () => {
    changes.next({ entity: 'incident', id: 'inc-9', incidentId: 'inc-9', action: 'incident.severity', at: new Date().toISOString() });
    changes.next({ entity: 'incident', id: 'inc-1', incidentId: 'inc-1', action: 'incident.severity', at: new Date().toISOString() });
    const delta = await request('GET', '/api/tasks');
    expect(delta.request.params.get('ids')).toBe('t1,t2,t3');
    const calmer = { id: 'inc-1', title: 'Ngập cầu 11 Suối Rạt', severity: 'info' as const, status: 'open', location: null };
    delta.flush({
      items: [task('t1', { dueAt: minutes(-5.2), incident: calmer }), task('t2', { status: 'claimed', assignee: 'operator.ioc', dueAt: minutes(10.5), incident: calmer })],
      total: 2,
    });
    await settle();
    expect(rows().map((r) => r.dataset['taskId'])).toEqual(['t1', 't2']);
    expect(rows()[0]!.textContent).not.toContain('Nghiêm trọng');
  });

  it('holds a delta back while a reload is under way, then fetches it (the reload may answer with older rows)', async () => {
    resyncs.next();
    const reload = await request('GET', '/api/tasks');
    changes.next(taskChange('t5', 'task.created'));
    await new Promise((r) => setTimeout(r, 200)); // past the debounce: the delta would have gone out by now
    expect(http.match((r) => r.url === '/api/tasks')).toEqual([]);
    reload.flush({ items: [task('t1')], total: 1 });
    const delta = await request('GET', '/api/tasks');
    expect(delta.request.params.get('ids')).toBe('t5');
    delta.flush({ items: [task('t5')], total: 1 });
    await settle();
    expect(rows().map((r) => r.dataset['taskId'])).toEqual(['t1', 't5']);
  });

  it('refetches after a reconnect', async () => {
    resyncs.next();
    (await request('GET', '/api/tasks')).flush({ items: [], total: 0 });
    await settle();
    expect(rows()).toHaveLength(0);
    expect(el().querySelector('[data-test=inbox-empty]')!.textContent).toContain('Không có nhiệm vụ nào');
  });

  it('shows who got there first when a claim conflicts, then reloads', async () => {
    (rows()[0]!.querySelector('[data-test=claim]') as HTMLButtonElement).click();
    (await request('POST', '/api/tasks/t1/claim')).flush({ error: 'task already claimed by operator.tanphu' }, { status: 409, statusText: 'Conflict' });
    await settle();
    expect(rows()[0]!.querySelector('[data-test=row-error]')!.textContent).toContain('Nhiệm vụ đã được operator.tanphu nhận xử lý.');
    (await request('GET', '/api/tasks')).flush({ items: [task('t1', { status: 'claimed', assignee: 'operator.tanphu' })], total: 1 });
    await settle();
    expect(rows()[0]!.textContent).toContain('operator.tanphu');
  });

  it('moves with j/k and the arrows, claims with c, releases with r, opens with Enter', async () => {
    const key = (k: string) => document.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
    key('j');
    await settle();
    expect(rows()[0]!.getAttribute('aria-selected')).toBe('true');
    key('c');
    (await request('POST', '/api/tasks/t1/claim')).flush({ ...task('t1', { dueAt: minutes(-5.2) }), status: 'claimed', assignee: 'operator.ioc', incident: undefined });
    await settle();
    expect(rows()[0]!.textContent).toContain('Đang xử lý');
    expect(rows()[0]!.textContent).toContain('Ngập cầu 11 Suối Rạt'); // the incident stays with the row
    key('ArrowDown');
    key('r');
    (await request('POST', '/api/tasks/t2/release')).flush({ ...task('t2'), status: 'open', assignee: null });
    await settle();
    expect(rows()[1]!.querySelector('[data-test=claim]')).not.toBeNull();
    key('k');
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    key('Enter');
    expect(navigate).toHaveBeenCalledWith(['/tasks', 't1']);
  });

  it('filters by text and switches tabs', async () => {
    const search = el().querySelector('[data-test=filter-text]') as HTMLInputElement;
    search.value = 'den hong';
    search.dispatchEvent(new Event('input'));
    await settle();
    expect(rows().map((r) => r.dataset['taskId'])).toEqual(['t3']);
    (el().querySelector('[data-test=tab-mine]') as HTMLButtonElement).click();
    const mine = await request('GET', '/api/tasks');
    expect(mine.request.params.get('scope')).toBe('mine');
    mine.flush({ items: [task('t2', { status: 'claimed', assignee: 'operator.ioc' })], total: 1 });
    await settle();
    expect(el().querySelector('[data-test=tab-mine]')!.getAttribute('aria-selected')).toBe('true');
    expect(el().querySelector('[data-test=inbox-empty]')!.textContent).toContain('khớp bộ lọc');
  });
});
