import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { DICTIONARIES } from '@ui/i18n';
import { en } from '../i18n/en';
import { vi } from '../i18n/vi';
import { IncidentTimelineComponent } from './timeline.component';
import { inTimeOrder, timelineDetail, timelineLabel, timelineLook } from './timeline';

describe('timeline kinds', () => {
  const t = (key: string) => vi[key] ?? key;

  it('gives known kinds their icon, tone and Vietnamese label, whatever spelling the API uses', () => {
    expect(timelineLook('task.completed')).toEqual({ icon: '✔', tone: 'good', key: 'context.timeline.task.completed' });
    expect(timelineLook('directive')).toMatchObject({ icon: '★', tone: 'lead' });
    expect(timelineLook('directive.added')).toEqual(timelineLook('directive'));
    expect(timelineLook('incident.step-failed')).toMatchObject({ icon: '✖', tone: 'bad', key: 'context.timeline.step.failed' });
    expect(timelineLabel('task.escalated', t)).toBe('Chuyển cấp');
    expect(timelineLabel('directive', t)).toBe('Ý kiến chỉ đạo');
    expect(timelineLabel('comment.added', t)).toBe('Ý kiến trao đổi');
  });

  it('draws an unknown kind with its family’s icon or a dot, labelled with the kind itself', () => {
    expect(timelineLook('task.frobbed')).toMatchObject({ icon: '•', tone: 'neutral' });
    expect(timelineLook('incident.merged').icon).toBe('⚠');
    expect(timelineLook('weather')).toMatchObject({ icon: '•' });
    expect(timelineLabel('weather', t)).toBe('weather');
  });

  it('says what the data of a reading, a severity change, a reassignment, an escalation and a claim mean', () => {
    const tp = (key: string, params?: Record<string, string | number>) => (vi[key] ?? key).replace(/\{(\w+)\}/g, (_, n: string) => String(params?.[n]));
    expect(timelineDetail({ kind: 'reading', data: { metric: 'water_level_m', value: 2.7, unit: 'm' } }, tp)).toBe('water_level_m = 2.7 m');
    expect(timelineDetail({ kind: 'incident.severity-changed', data: { from: 'warning', to: 'critical' } }, tp)).toBe('Cảnh báo → Nghiêm trọng');
    expect(timelineDetail({ kind: 'task.reassigned', data: { unit: 'chieu-sang', user: null, reason: 'đèn' } }, tp)).toBe('→ chieu-sang: đèn');
    expect(timelineDetail({ kind: 'task.escalated', data: { level: 2, byHand: true } }, tp)).toBe('Cấp 2');
    expect(timelineDetail({ kind: 'task.claimed', data: { assignee: 'operator.ioc' } }, tp)).toBe('→ operator.ioc');
    expect(timelineDetail({ kind: 'task.completed' }, tp)).toBeUndefined();
    expect(timelineDetail({ kind: 'reading', data: {} }, tp)).toBeUndefined();
    expect(timelineLabel('incident.severity-changed', tp)).toBe('Nâng mức độ');
  });

  it('orders entries oldest first and keeps the API’s order for the same instant', () => {
    const items = [
      { at: '2026-11-25T03:00:00Z', kind: 'b' },
      { at: '2026-11-25T01:00:00Z', kind: 'a' },
      { at: '2026-11-25T03:00:00Z', kind: 'c' },
    ];
    expect(inTimeOrder(items).map((i) => i.kind)).toEqual(['a', 'b', 'c']);
  });
});

describe('IncidentTimelineComponent', () => {
  it('shows the incident’s timeline with icons, labels and times in Đồng Xoài time, and refetches on refresh', async () => {
    localStorage.setItem('cityops.lang', 'vi');
    TestBed.configureTestingModule({
      providers: [provideZonelessChangeDetection(), provideHttpClient(), provideHttpClientTesting(), provideRouter([]), { provide: DICTIONARIES, useValue: { vi, en } }],
    });
    const http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(IncidentTimelineComponent);
    /** The component awaits the response in a promise chain: give it a turn, then render. */
    const settle = async () => {
      await new Promise((r) => setTimeout(r, 0));
      await fixture.whenStable();
      fixture.detectChanges();
    };
    fixture.componentRef.setInput('incidentId', 'inc-1');
    fixture.detectChanges();
    http.expectOne('/api/incidents/inc-1/timeline').flush({
      items: [
        { at: '2026-11-25T02:05:00Z', kind: 'task.created', actor: 'system', taskId: 't-1', stepId: 'inspect' },
        { at: '2026-11-25T02:00:00Z', kind: 'incident.opened', actor: 'rules' },
        { at: '2026-11-25T02:10:00Z', kind: 'directive', actor: 'leader', text: 'Cử đội ứng trực ngay' },
      ],
    });
    await settle();
    const el = fixture.nativeElement as HTMLElement;
    const rows = [...el.querySelectorAll('[data-test=timeline-item]')];
    expect(rows.map((r) => r.getAttribute('data-kind'))).toEqual(['incident.opened', 'task.created', 'directive']);
    expect(rows[0]!.textContent).toContain('Mở sự cố');
    expect(rows[0]!.textContent).toContain('09:00'); // 02:00 UTC is 09:00 in Asia/Ho_Chi_Minh
    expect(rows[1]!.querySelector('a')!.getAttribute('href')).toBe('/tasks/t-1');
    expect(rows[2]!.textContent).toContain('★');
    expect(rows[2]!.textContent).toContain('Cử đội ứng trực ngay');

    fixture.componentRef.setInput('refresh', 1);
    fixture.detectChanges();
    http.expectOne('/api/incidents/inc-1/timeline').flush({ items: [] });
    await settle();
    expect(el.querySelectorAll('[data-test=timeline-item]')).toHaveLength(0);
    expect(el.textContent).toContain('Chưa có diễn biến nào.');
    http.verify();
  });
});
