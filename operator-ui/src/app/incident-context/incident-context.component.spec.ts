import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { DeferBlockState, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { DICTIONARIES } from '@ui/i18n';
import { en } from '../i18n/en';
import { vi } from '../i18n/vi';
import { IncidentContextComponent } from './incident-context.component';

/** jsdom has no IntersectionObserver: this one never reports, so each part waits until the test renders it. */
class SilentIntersectionObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
  takeRecords(): [] {
    return [];
  }
}

describe('IncidentContextComponent', () => {
  const g = globalThis as { IntersectionObserver?: unknown };
  beforeAll(() => (g.IntersectionObserver = SilentIntersectionObserver));
  afterAll(() => delete g.IntersectionObserver);

  it('defers its four parts until they scroll into view; a part shown fetches its data, the others fetch nothing', async () => {
    localStorage.setItem('cityops.lang', 'vi');
    TestBed.configureTestingModule({
      providers: [provideZonelessChangeDetection(), provideHttpClient(), provideHttpClientTesting(), provideRouter([]), { provide: DICTIONARIES, useValue: { vi, en } }],
    });
    const http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(IncidentContextComponent);
    fixture.componentRef.setInput('incidentId', 'inc-1');
    fixture.detectChanges();
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelectorAll('h2')).toHaveLength(4);
    expect(el.textContent).toContain('Diễn biến');
    http.expectNone(() => true); // nothing in view yet: nothing loaded
    const blocks = await fixture.getDeferBlocks();
    expect(blocks).toHaveLength(4);
    await blocks[2]!.render(DeferBlockState.Complete);
    http.expectOne('/api/incidents/inc-1/timeline').flush({ items: [{ at: '2026-11-25T02:00:00Z', kind: 'incident.opened', actor: 'rules' }] });
    await new Promise((r) => setTimeout(r, 0));
    await fixture.whenStable();
    fixture.detectChanges();
    expect(el.querySelectorAll('[data-test=timeline-item]')).toHaveLength(1);
    // The page bumps `refresh` on a live change: the shown part fetches again.
    fixture.componentRef.setInput('refresh', 1);
    fixture.detectChanges();
    http.expectOne('/api/incidents/inc-1/timeline').flush({ items: [] });
    http.verify();
  });
});
