import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component, provideZonelessChangeDetection } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { DICTIONARIES } from '@ui/i18n';
import { en } from '../i18n/en';
import { vi } from '../i18n/vi';
import { PendingBadge } from './pending-badge.component';

@Component({ template: '' })
class Blank {}

describe('PendingBadge', () => {
  let fixture: ComponentFixture<PendingBadge>;
  let http: HttpTestingController;
  const el = () => fixture.nativeElement as HTMLElement;
  const settle = async () => {
    for (let i = 0; i < 3; i++) await new Promise((r) => setTimeout(r, 0));
    await fixture.whenStable();
    fixture.detectChanges();
  };

  beforeEach(() => {
    localStorage.setItem('cityops.lang', 'vi');
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([{ path: '**', component: Blank }]),
        { provide: DICTIONARIES, useValue: { vi, en } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(PendingBadge);
    fixture.detectChanges();
  });
  afterEach(() => http.verify());

  it('counts the pending requests, links to “Chờ duyệt”, and counts again after each navigation', async () => {
    http.expectOne('/api/changes?status=pending').flush({ fourEyes: true, items: [{ id: 'a' }, { id: 'b' }] });
    await settle();
    const badge = el().querySelector('[data-test=pending-badge]')!;
    expect(badge.textContent).toContain('2 chờ duyệt');
    expect(badge.getAttribute('href')).toBe('/changes');

    await TestBed.inject(Router).navigateByUrl('/rules');
    await settle();
    http.expectOne('/api/changes?status=pending').flush({ fourEyes: true, items: [] });
    await settle();
    expect(el().querySelector('[data-test=pending-badge]')).toBeNull();
  });

  it('shows nothing when the count cannot be had', async () => {
    http.expectOne('/api/changes?status=pending').flush({ error: 'forbidden' }, { status: 403, statusText: 'Forbidden' });
    await settle();
    expect(el().querySelector('[data-test=pending-badge]')).toBeNull();
  });
});
