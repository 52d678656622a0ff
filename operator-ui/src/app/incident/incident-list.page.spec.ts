import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, type TestRequest } from '@angular/common/http/testing';
import { provideZonelessChangeDetection, signal } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { DICTIONARIES } from '@ui/i18n';
import { Subject } from 'rxjs';
import { en } from '../i18n/en';
import { vi } from '../i18n/vi';
import { LiveUpdates, type LiveChange } from '../live/live-updates';
import type { IncidentView } from './incident-api';
import { IncidentListPage } from './incident-list.page';

const base = {
  sopKey: 'flood-response',
  sopVersion: 1,
  unit: 'tan-phu',
  eventCount: 1,
  acknowledgedAt: null,
  resolvedAt: null,
  resolution: null,
  location: null,
  failedSteps: [],
  reportedBy: null,
};
const incident = (id: string, status: IncidentView['status'], severity: IncidentView['severity'], openedAt: string): IncidentView => ({
  ...base,
  id,
  title: `Sự cố ${id}`,
  status,
  severity,
  openedAt,
});

describe('IncidentListPage', () => {
  let fixture: ComponentFixture<IncidentListPage>;
  let http: HttpTestingController;
  let changes: Subject<LiveChange>;
  const el = () => fixture.nativeElement as HTMLElement;
  const rows = () => [...el().querySelectorAll('[data-test=incident-row]')].map((r) => r.getAttribute('data-id'));
  const settle = async () => {
    await new Promise((r) => setTimeout(r, 0));
    await fixture.whenStable();
    fixture.detectChanges();
  };
  const listRequest = (): TestRequest => {
    const found = http.match((r) => r.url === '/api/incidents');
    expect(found).toHaveLength(1);
    return found[0]!;
  };
  const choose = (test: string, value: string) => {
    const select = el().querySelector(`[data-test=${test}]`) as HTMLSelectElement;
    select.value = value;
    select.dispatchEvent(new Event('change'));
    fixture.detectChanges();
  };

  beforeEach(async () => {
    localStorage.setItem('cityops.lang', 'vi');
    changes = new Subject<LiveChange>();
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        { provide: DICTIONARIES, useValue: { vi, en } },
        { provide: LiveUpdates, useValue: { changes, resyncs: new Subject<void>(), connected: signal(true) } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(IncidentListPage);
    fixture.detectChanges();
    listRequest().flush({
      items: [
        incident('closed', 'resolved', 'critical', '2026-11-25T05:00:00Z'),
        incident('info', 'open', 'info', '2026-11-25T04:00:00Z'),
        incident('crit', 'open', 'critical', '2026-11-25T01:00:00Z'),
      ],
      total: 3,
    });
    await settle();
  });
  afterEach(() => http.verify());

  it('lists open incidents first and the worst first, coloured by severity and linked to their page', () => {
    expect(rows()).toEqual(['crit', 'info', 'closed']);
    const first = el().querySelector('[data-test=incident-row]')!;
    expect(first.classList).toContain('sev-row-critical');
    expect(first.textContent).toContain('Nghiêm trọng');
    expect(first.querySelector('a')!.getAttribute('href')).toBe('/incidents/crit');
  });

  it('filters by severity on the page and by status through the API', async () => {
    choose('filter-severity', 'critical');
    expect(rows()).toEqual(['crit', 'closed']);
    choose('filter-status', 'resolved');
    const req = listRequest();
    expect(req.request.params.get('status')).toBe('resolved');
    req.flush({ items: [incident('closed', 'resolved', 'critical', '2026-11-25T05:00:00Z')], total: 1 });
    await settle();
    expect(rows()).toEqual(['closed']);
  });

  it('refetches when the live stream announces an incident change, not for task changes', async () => {
    changes.next({ entity: 'task', id: 't', incidentId: 'crit', action: 'task.claimed', at: '2026-11-25T06:00:00Z' });
    expect(http.match(() => true)).toHaveLength(0);
    changes.next({ entity: 'incident', id: 'new', incidentId: 'new', action: 'incident.opened', at: '2026-11-25T06:00:00Z' });
    listRequest().flush({ items: [incident('new', 'open', 'warning', '2026-11-25T06:00:00Z'), incident('crit', 'open', 'critical', '2026-11-25T01:00:00Z')], total: 2 });
    await settle();
    expect(rows()).toEqual(['crit', 'new']);
  });
});
