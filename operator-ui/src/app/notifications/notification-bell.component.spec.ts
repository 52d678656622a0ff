import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, type TestRequest } from '@angular/common/http/testing';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { DICTIONARIES } from '@ui/i18n';
import { Subject } from 'rxjs';
import { en } from '../i18n/en';
import { vi } from '../i18n/vi';
import { LiveUpdates, type LiveChange } from '../live/live-updates';
import { NotificationBell } from './notification-bell.component';

const notification = (id: string, readAt: string | null = null) => ({
  id,
  incidentId: 'inc-1',
  taskId: null,
  kind: 'notify',
  subject: 'Chỉ đạo: Ngập sâu tại cầu 11',
  body: 'Đề nghị phường xử lý trước 17 giờ.',
  createdAt: '2026-11-25T09:00:00Z',
  readAt,
});

describe('NotificationBell', () => {
  let fixture: ComponentFixture<NotificationBell>;
  let http: HttpTestingController;
  const changes = new Subject<LiveChange>();
  const el = () => fixture.nativeElement as HTMLElement;
  const settle = async () => {
    await new Promise((r) => setTimeout(r, 0));
    await fixture.whenStable();
    fixture.detectChanges();
  };
  const request = async (method: string, url: string): Promise<TestRequest> => {
    for (let i = 0; i < 50; i++) {
      const found = http.match((r) => r.method === method && r.url === url);
      if (found.length === 1) return found[0]!;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no single request to ${method} ${url}`);
  };

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        { provide: DICTIONARIES, useValue: { vi, en } },
        { provide: LiveUpdates, useValue: { changes, resyncs: new Subject<void>(), connected: () => true } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(NotificationBell);
    fixture.detectChanges();
    (await request('GET', '/api/notifications')).flush({ items: [notification('n1'), notification('n0', '2026-11-24T01:00:00Z')] });
    await settle();
  });
  afterEach(() => http.verify());

  it('counts the unread, refreshes when a directive arrives live, and opens one as read on its incident', async () => {
    const bell = el().querySelector<HTMLButtonElement>('[data-test=notifications]')!;
    expect(bell.dataset['unread']).toBe('1');

    changes.next({ entity: 'comment', id: 'c9', incidentId: 'inc-1', action: 'directive.added', at: '2026-11-25T09:05:00Z' });
    (await request('GET', '/api/notifications')).flush({ items: [notification('n2'), notification('n1'), notification('n0', '2026-11-24T01:00:00Z')] });
    await settle();
    expect(bell.dataset['unread']).toBe('2');

    bell.click();
    await settle();
    (await request('GET', '/api/notifications')).flush({ items: [notification('n2'), notification('n1'), notification('n0', '2026-11-24T01:00:00Z')] });
    await settle();
    const items = el().querySelectorAll<HTMLButtonElement>('[data-test=notification]');
    expect(items).toHaveLength(3);
    expect(items[0]!.textContent).toContain('Chỉ đạo: Ngập sâu tại cầu 11');
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    items[0]!.click();
    (await request('POST', '/api/notifications/n2/read')).flush(notification('n2', '2026-11-25T09:06:00Z'));
    await settle();
    expect(navigate).toHaveBeenCalledWith(['/incidents', 'inc-1']);
    expect(bell.dataset['unread']).toBe('1');
  });

  it('ignores changes that tell nobody anything', async () => {
    changes.next({ entity: 'task', id: 't1', incidentId: 'inc-1', action: 'task.claimed', at: '2026-11-25T09:05:00Z' });
    await new Promise((r) => setTimeout(r, 300));
    expect(http.match((r) => r.url === '/api/notifications')).toHaveLength(0);
  });
});
