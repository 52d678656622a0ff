import { JsonPipe } from '@angular/common';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component, input, output, provideZonelessChangeDetection } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { FormsModule } from '@angular/forms';
import { RouterLink, provideRouter } from '@angular/router';
import { DICTIONARIES, TranslatePipe } from '@ui/i18n';
import { en } from '../i18n/en';
import { vi } from '../i18n/vi';
import { FormDesignerPage } from './form-designer.page';
import type { FormComponent } from './form-draft';

// Form.io itself is exercised in the browser test (e2e/admin-form-designer.test.ts); here the two
// wrappers are swapped for stand-ins whose outputs the spec drives, so the page's own logic runs in jsdom.
@Component({ selector: 'adm-form-builder', template: '' })
class StubBuilder {
  readonly form = input.required<{ components: FormComponent[] }>();
  readonly componentsChange = output<FormComponent[]>();
}
@Component({ selector: 'adm-form-preview', template: '' })
class StubPreview {
  readonly form = input.required<{ components: FormComponent[] }>();
  readonly initialData = input<Record<string, unknown>>({});
  readonly dataChange = output<Record<string, unknown>>();
}

const COMPONENTS = [
  { type: 'checkbox', key: 'confirmed', label: 'Xác nhận có ngập', input: true },
  { type: 'textarea', key: 'notes', label: 'Ghi chú', input: true, validate: { required: true } },
];

describe('FormDesignerPage', () => {
  let fixture: ComponentFixture<FormDesignerPage>;
  let http: HttpTestingController;
  const el = () => fixture.nativeElement as HTMLElement;
  const settle = async () => {
    await fixture.whenStable();
    fixture.detectChanges();
  };
  /** The page awaits its calls in turn: give its promise chain turns until the element shows. */
  const shows = async (selector: string) => {
    for (let i = 0; i < 50 && !el().querySelector(selector); i++) {
      await new Promise((r) => setTimeout(r, 10));
      await settle();
    }
    expect(el().querySelector(selector)).not.toBeNull();
  };
  const builder = () => fixture.debugElement.query((d) => d.componentInstance instanceof StubBuilder).componentInstance as StubBuilder;

  beforeEach(async () => {
    localStorage.setItem('cityops.lang', 'vi');
    TestBed.configureTestingModule({
      providers: [provideZonelessChangeDetection(), provideHttpClient(), provideHttpClientTesting(), provideRouter([]), { provide: DICTIONARIES, useValue: { vi, en } }],
    });
    TestBed.overrideComponent(FormDesignerPage, { set: { imports: [FormsModule, JsonPipe, RouterLink, TranslatePipe, StubBuilder, StubPreview] } });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(FormDesignerPage);
    fixture.componentRef.setInput('key', 'flood-verify');
    fixture.detectChanges();
    http.expectOne('/api/forms/flood-verify/usage').flush({
      items: [
        { sopKey: 'flood-response', sopVersion: 1, sopName: 'Ứng phó ngập', latestSopVersion: true, elementId: 'verify', elementName: 'Xác minh qua camera', formVersion: 2 },
      ],
    });
    http.expectOne('/api/forms/flood-verify').flush({ id: 'flood-verify@2', key: 'flood-verify', version: 2, title: 'Xác minh ngập', components: COMPONENTS });
    http
      .expectOne('/api/forms/flood-verify/versions')
      .flush({ items: [2, 1].map((version) => ({ id: `flood-verify@${version}`, key: 'flood-verify', version, title: 'Xác minh ngập' })) });
    await shows('[data-test=form-fields]');
  });
  afterEach(() => http.verify());

  it('shows the latest version, its versions and the SOP steps using it', () => {
    expect(el().querySelector('h1')?.textContent).toContain('Biểu mẫu: Xác minh ngập');
    expect((el().querySelector('[data-test=form-key]') as HTMLInputElement).disabled).toBe(true);
    expect(el().querySelector('[data-test=versions]')?.textContent).toContain('Phiên bản 1');
    expect(el().querySelector('[data-test=usage] [data-element=verify]')?.textContent).toContain('Ứng phó ngập (v1) — bước “Xác minh qua camera” (verify), biểu mẫu v2');
  });

  it('saves what the builder reports as a new version, and puts the server’s complaints at the title and the component', async () => {
    const edited = [...COMPONENTS, { type: 'textfield', key: 'notes', label: 'Ghi chú thêm', input: true }];
    builder().componentsChange.emit(edited);
    await settle();
    expect(el().querySelector('[data-test=viewing]')?.textContent).toContain('Lưu sẽ tạo phiên bản 3');

    (el().querySelector('[data-test=save-version]') as HTMLButtonElement).click();
    const req = http.expectOne('/api/forms/flood-verify/versions');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ title: 'Xác minh ngập', components: edited });
    req.flush(
      {
        error: 'invalid form',
        details: [
          { field: 'title', message: 'Too small' },
          { field: 'components.2.key', message: 'duplicate key "notes" (also used at components.1)' },
        ],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await shows('[data-test=error-title]');
    expect(el().querySelector('[data-test=error-title]')?.textContent).toContain('Too small');
    expect(el().querySelector('[data-test=component-errors]')?.textContent).toContain('Thành phần “Ghi chú thêm” (components.2.key): duplicate key "notes"');
  });

  it('validates the preview’s test data on the server and lists its errors by field', async () => {
    (el().querySelector('[data-test=tab-preview]') as HTMLButtonElement).click();
    await settle();
    const preview = fixture.debugElement.query((d) => d.componentInstance instanceof StubPreview).componentInstance as StubPreview;
    preview.dataChange.emit({ confirmed: true, notes: '' });
    await settle();
    (el().querySelector('[data-test=validate-on-server]') as HTMLButtonElement).click();
    const req = http.expectOne('/api/forms/flood-verify/preview-validate');
    expect(req.request.body).toEqual({ data: { confirmed: true, notes: '' }, version: 2 });
    req.flush({ key: 'flood-verify', version: 2, valid: false, errors: [{ field: 'notes', message: 'Ghi chú is required' }], data: {} });
    await shows('[data-test=server-errors]');
    expect(el().querySelector('[data-test=server-errors] [data-field=notes]')?.textContent).toContain('Ghi chú (notes): Ghi chú is required');
  });
});
