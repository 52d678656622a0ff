import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, type TestRequest } from '@angular/common/http/testing';
import { ChangeDetectionStrategy, Component, input, output, provideZonelessChangeDetection, signal } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { RouterLink, provideRouter } from '@angular/router';
import { Subject } from 'rxjs';
import { Auth } from '@ui/auth';
import { DICTIONARIES, TranslatePipe } from '@ui/i18n';
import { en } from '../i18n/en';
import { vi } from '../i18n/vi';
import { LiveUpdates, type LiveChange } from '../live/live-updates';
import type { InboxTask, TaskView } from './task-api';
import { TaskPage } from './task.page';

/** Stands in for Form.io (the renderer has its own spec in ui-shared): shows the messages it gets per key, and lets the test type. */
@Component({
  selector: 'ui-formio-renderer',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<div data-test="stub-form" [attr.data-read-only]="readOnly()">
    @for (c of form().components; track $index) {
      <div class="component" [attr.data-key]="c.key">
        @if (errors()[c.key]; as message) {
          <span data-test="field-error">{{ message }}</span>
        }
      </div>
    }
  </div>`,
})
class StubRenderer {
  readonly form = input.required<{ components: { key: string }[] }>();
  readonly readOnly = input(false);
  readonly errors = input<Readonly<Record<string, string>>>({});
  readonly dataChange = output<Record<string, unknown>>();
}

@Component({ selector: 'op-incident-context', template: `<span data-test="context" [attr.data-refresh]="refresh()"></span>` })
class StubContext {
  readonly incidentId = input.required<string>();
  readonly refresh = input(0);
}

const TASK: TaskView = {
  id: 'inc-1/measure',
  incidentId: 'inc-1',
  stepId: 'measure',
  name: 'Đo mực nước tại hiện trường',
  status: 'open',
  unit: 'tan-phu',
  role: null,
  assignee: null,
  formKey: 'flood-check',
  formVersion: 1,
  createdAt: '2026-11-25T09:00:00.000Z',
  claimedAt: null,
  completedAt: null,
  dueAt: new Date(Date.now() + 30 * 60_000).toISOString(),
  skippable: false,
  item: null,
  escalationLevel: null,
  completedBy: null,
};
const FORM = {
  key: 'flood-check',
  version: 1,
  title: 'Kiểm tra ngập',
  components: [
    { type: 'number', key: 'waterLevel', label: 'Mực nước (m)', input: true },
    { type: 'textarea', key: 'note', label: 'Ghi chú', input: true },
  ],
};
const INCIDENT = { id: 'inc-1', title: 'Ngập cầu 11 Suối Rạt', severity: 'critical', status: 'open', location: null };

describe('TaskPage', () => {
  let fixture: ComponentFixture<TaskPage>;
  let http: HttpTestingController;
  const changes = new Subject<LiveChange>();
  const el = () => fixture.nativeElement as HTMLElement;
  const settle = async () => {
    await new Promise((r) => setTimeout(r, 0));
    await fixture.whenStable();
    fixture.detectChanges();
  };
  const request = async (method: string, url: string): Promise<TestRequest> => {
    for (let i = 0; i < 100; i++) {
      const found = http.match((r) => r.method === method && r.url === url);
      if (found.length > 1) throw new Error(`${found.length} requests to ${url}, expected one`);
      if (found.length === 1) return found[0]!;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no ${method} ${url}`);
  };
  const type = (data: Record<string, unknown>) => {
    const stub = fixture.debugElement.query((d) => d.componentInstance instanceof StubRenderer).componentInstance as StubRenderer;
    stub.dataChange.emit(data);
  };
  const submit = () => (el().querySelector('[data-test=submit-task]') as HTMLButtonElement).click();

  beforeEach(async () => {
    localStorage.setItem('cityops.lang', 'vi');
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        { provide: DICTIONARIES, useValue: { vi, en } },
        { provide: LiveUpdates, useValue: { changes, resyncs: new Subject<void>(), connected: signal(true) } },
        {
          provide: Auth,
          useValue: { user: signal({ username: 'operator.tanphu', displayName: 'Tân Phú', roles: ['operator'], unit: 'tan-phu' }), token: signal('tok'), hasRole: () => false },
        },
      ],
    });
    TestBed.overrideComponent(TaskPage, { set: { imports: [TranslatePipe, RouterLink, StubRenderer, StubContext] } });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(TaskPage);
    fixture.componentRef.setInput('id', TASK.id);
    fixture.detectChanges();
    (await request('GET', '/api/tasks/inc-1%2Fmeasure')).flush(TASK);
    (await request('GET', '/api/incidents/inc-1')).flush(INCIDENT);
    (await request('GET', '/api/tasks/inc-1%2Fmeasure/form')).flush(FORM);
    await settle();
  });
  afterEach(() => {
    http.verify();
    fixture.destroy();
  });

  it('shows the step, its due countdown, the incident with its link, and the form', () => {
    expect(el().querySelector('[data-test=task-name]')!.textContent).toContain('Đo mực nước tại hiện trường');
    expect(el().querySelector('[data-test=task-status]')!.textContent).toContain('Chờ nhận');
    expect(el().querySelector('[data-test=countdown]')!.textContent).toMatch(/còn (29|30) phút/);
    const link = el().querySelector('[data-test=incident-link]') as HTMLAnchorElement;
    expect(link.textContent).toContain('Ngập cầu 11 Suối Rạt');
    expect(link.getAttribute('href')).toBe('/incidents/inc-1');
    expect(el().querySelector('.sev-critical')!.textContent).toContain('Nghiêm trọng');
    expect(el().querySelector('[data-test=task-form] h2')!.textContent).toContain('Kiểm tra ngập');
    expect(el().querySelector('[data-test=submit-task]')!.textContent).toContain('Nhận xử lý và hoàn thành');
    expect(el().querySelector('[data-test=context]')).not.toBeNull();
  });

  it('claims first, shows the server’s 400 on the field and in the summary, then completes and offers the next step', async () => {
    type({ waterLevel: 'cao', note: '' });
    submit();
    (await request('POST', '/api/tasks/inc-1%2Fmeasure/claim')).flush({ ...TASK, status: 'claimed', assignee: 'operator.tanphu' });
    const first = await request('POST', '/api/tasks/inc-1%2Fmeasure/complete');
    expect(first.request.body).toEqual({ data: { waterLevel: 'cao', note: '' } });
    first.flush(
      { error: 'form submission is invalid', details: [{ field: 'data.waterLevel', message: 'Mực nước (m) must be a number' }] },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    const field = el().querySelector('[data-key=waterLevel] [data-test=field-error]');
    expect(field!.textContent).toContain('Mực nước (m) must be a number');
    expect(el().querySelector('[data-key=note] [data-test=field-error]')).toBeNull();
    expect(el().querySelector('[data-test=error-summary]')!.textContent).toContain('Mực nước (m): Mực nước (m) must be a number');
    expect(el().querySelector('[data-test=task-error]')!.textContent).toContain('Biểu mẫu chưa hợp lệ');
    expect(el().querySelector('[data-test=task-status]')!.textContent).toContain('Đang xử lý');

    type({ waterLevel: 1.4, note: 'Nước dâng' });
    submit(); // already claimed: straight to completion
    const second = await request('POST', '/api/tasks/inc-1%2Fmeasure/complete');
    expect(second.request.body).toEqual({ data: { waterLevel: 1.4, note: 'Nước dâng' } });
    second.flush({ ...TASK, status: 'completed', assignee: 'operator.tanphu', completedBy: 'operator.tanphu' });
    (await request('GET', '/api/tasks')).flush({ items: [], total: 0 }); // the workflow has not opened the next step yet
    await settle();
    expect(el().querySelector('[data-test=task-done]')!.textContent).toContain('Đã hoàn thành bước này.');
    expect(el().querySelector('[data-test=field-error]')).toBeNull();
    expect(el().querySelector('[data-test=submit-task]')).toBeNull();
    expect(el().querySelector('[data-test=next-task]')).toBeNull();

    // The next step opens: the live change of this incident brings it.
    changes.next({ entity: 'task', id: 'inc-1/dispatch', incidentId: 'inc-1', action: 'task.created', at: new Date().toISOString() });
    (await request('GET', '/api/tasks/inc-1%2Fmeasure')).flush({ ...TASK, status: 'completed', assignee: 'operator.tanphu' });
    const all = await request('GET', '/api/tasks');
    expect(all.request.params.get('scope')).toBe('all');
    const nextTask = { ...TASK, id: 'inc-1/dispatch', stepId: 'dispatch', name: 'Điều xe bơm', incident: INCIDENT } as InboxTask;
    all.flush({ items: [{ ...TASK, id: 'other/step', incidentId: 'other', incident: null }, nextTask], total: 2 });
    await settle();
    const next = el().querySelector('[data-test=next-task]') as HTMLAnchorElement;
    expect(next.textContent).toContain('Bước tiếp theo: Điều xe bơm');
    expect(next.getAttribute('href')).toBe('/tasks/inc-1%2Fdispatch');
    expect(el().querySelector('[data-test=context]')!.getAttribute('data-refresh')).toBe('1');
  });

  it('says who has the task when the claim loses a race, and shows the form read-only', async () => {
    submit();
    (await request('POST', '/api/tasks/inc-1%2Fmeasure/claim')).flush({ error: 'task already claimed by operator.ioc' }, { status: 409, statusText: 'Conflict' });
    (await request('GET', '/api/tasks/inc-1%2Fmeasure')).flush({ ...TASK, status: 'claimed', assignee: 'operator.ioc' });
    await settle();
    expect(el().querySelector('[data-test=task-error]')!.textContent).toContain('Nhiệm vụ đã được operator.ioc nhận xử lý.');
    expect(el().querySelector('[data-test=task-read-only]')).not.toBeNull();
    expect(el().querySelector('[data-test=stub-form]')!.getAttribute('data-read-only')).toBe('true');
    expect(el().querySelector('[data-test=submit-task]')).toBeNull();
  });
});
