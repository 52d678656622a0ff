import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { DICTIONARIES } from '@ui/i18n';
import { en } from '../i18n/en';
import { vi } from '../i18n/vi';
import { RulesListPage } from '../rules/rules-list.page';
import { SopListPage } from '../sops/sop-list.page';

/** Both lists mark what awaits a second admin's approval (four eyes) with a chip linking to the request. */
describe('the SOP and rule lists: “chờ duyệt” chips', () => {
  beforeEach(() => {
    localStorage.setItem('cityops.lang', 'vi');
    TestBed.configureTestingModule({
      providers: [provideZonelessChangeDetection(), provideHttpClient(), provideHttpClientTesting(), provideRouter([]), { provide: DICTIONARIES, useValue: { vi, en } }],
    });
  });
  afterEach(() => TestBed.inject(HttpTestingController).verify());

  const settle = async (fixture: { whenStable(): Promise<unknown>; detectChanges(): void }) => {
    for (let i = 0; i < 3; i++) await new Promise((r) => setTimeout(r, 0));
    await fixture.whenStable();
    fixture.detectChanges();
  };

  it('SOPs', async () => {
    const fixture = TestBed.createComponent(SopListPage);
    fixture.detectChanges();
    const base = { name: 'Ứng phó ngập', latestVersion: 2, updatedAt: '2026-11-25T03:00:00Z', hasDraft: true, draftUpdatedAt: null };
    TestBed.inject(HttpTestingController)
      .expectOne('/api/sops')
      .flush({
        items: [
          { ...base, key: 'flood-response', pendingChange: { id: 'ch-1', kind: 'sop.deploy', requestedBy: 'admin' } },
          { ...base, key: 'fire-response', pendingChange: null },
        ],
      });
    await settle(fixture);
    const el = fixture.nativeElement as HTMLElement;
    const chip = el.querySelector('[data-sop=flood-response] [data-test=pending-chip]')!;
    expect(chip.textContent).toContain('chờ duyệt');
    expect(chip.getAttribute('href')).toBe('/changes/ch-1');
    expect(chip.getAttribute('title')).toBe('admin đề xuất: Triển khai quy trình');
    expect(el.querySelector('[data-sop=fire-response] [data-test=pending-chip]')).toBeNull();
  });

  it('rules', async () => {
    const fixture = TestBed.createComponent(RulesListPage);
    fixture.detectChanges();
    const base = { name: 'Ngập', version: 2, enabled: true, metric: 'water_level_m', action: { type: 'notify' } };
    TestBed.inject(HttpTestingController)
      .expectOne('/api/rules')
      .flush({
        items: [
          { ...base, key: 'flood', pendingChange: { id: 'ch-2', kind: 'rule.disable', requestedBy: 'admin' } },
          { ...base, key: 'air' },
        ],
      });
    await settle(fixture);
    const chips = (fixture.nativeElement as HTMLElement).querySelectorAll('[data-test=pending-chip]');
    expect(chips).toHaveLength(1);
    expect(chips[0]!.getAttribute('href')).toBe('/changes/ch-2');
    expect(chips[0]!.getAttribute('title')).toBe('admin đề xuất: Tắt ngưỡng');
  });
});
