import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { FormioRenderer } from './formio-renderer';

const FORM = {
  components: [
    { type: 'number', key: 'waterLevel', label: 'Mực nước (m)', input: true },
    { type: 'panel', key: 'details', input: false, components: [{ type: 'textarea', key: 'note', label: 'Ghi chú', input: true }] },
  ],
};

describe('FormioRenderer (real Form.io in jsdom)', () => {
  let fixture: ComponentFixture<FormioRenderer>;
  const el = () => fixture.nativeElement as HTMLElement;
  const until = async (what: string, ok: () => boolean) => {
    for (let i = 0; i < 200; i++) {
      await fixture.whenStable();
      if (ok()) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`timed out waiting for ${what}`);
  };

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection()] });
    fixture = TestBed.createComponent(FormioRenderer);
    fixture.componentRef.setInput('form', FORM);
    fixture.componentRef.setInput('initialData', { waterLevel: 1.2 });
    fixture.detectChanges();
  });

  it('puts each message under the field it names, also inside a panel, and replaces them on the next round', async () => {
    await until('the form', () => !!el().querySelector('.formio-component-note'));
    fixture.componentRef.setInput('errors', { waterLevel: 'Mực nước must be a number', note: 'Ghi chú is required' });
    await until('the messages', () => el().querySelectorAll('[data-test=field-error]').length === 2);
    expect(el().querySelector('.formio-component-waterLevel [data-test=field-error]')!.textContent).toBe('Mực nước must be a number');
    expect(el().querySelector('.formio-component-note [data-test=field-error]')!.textContent).toBe('Ghi chú is required');
    expect(el().querySelector('.formio-component-waterLevel')!.classList).toContain('has-error');
    expect(el().querySelector('.formio-component-waterLevel input')!.classList).toContain('is-invalid');
    fixture.componentRef.setInput('errors', { note: 'still required' });
    await until('the second round', () => el().querySelectorAll('[data-test=field-error]').length === 1);
    expect(el().querySelector('.formio-component-waterLevel')!.classList).not.toContain('has-error');
    expect(el().querySelector('.formio-component-waterLevel input')!.classList).not.toContain('is-invalid');
    expect(el().querySelector('.formio-component-note [data-test=field-error]')!.textContent).toBe('still required');
  });

  it('reads the data as typed, before Form.io’s delayed change event', async () => {
    await until('the form', () => !!el().querySelector('.formio-component-note textarea') && fixture.componentInstance.currentData() !== null);
    const note = el().querySelector('.formio-component-note textarea') as HTMLTextAreaElement;
    note.value = 'Nước tràn mặt đường';
    note.dispatchEvent(new Event('input', { bubbles: true }));
    expect(fixture.componentInstance.currentData()).toMatchObject({ waterLevel: 1.2, note: 'Nước tràn mặt đường' });
  });
});
