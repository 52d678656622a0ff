import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { DICTIONARIES } from '@ui/i18n';
import { en } from '../i18n/en';
import { vi } from '../i18n/vi';
import { SopDiagramComponent } from './sop-diagram.component';

/** bpmn-js needs a real SVG layout engine; this stand-in records what the component asks of the viewer. */
const viewers: FakeViewer[] = [];
class FakeViewer {
  readonly markers = new Map<string, Set<string>>();
  readonly overlays: { id: string; type: string; html: HTMLElement }[] = [];
  readonly shapes = new Map<string, SVGElement>();
  imported: string[] = [];
  zooms = 0;
  destroyed = false;
  constructor(readonly options: { container: HTMLElement }) {
    viewers.push(this);
  }
  async importXML(xml: string) {
    if (xml.includes('broken')) throw new Error('unparsable content <broken> detected');
    this.imported.push(xml);
    this.shapes.clear();
    for (const id of ['inspect', 'notify', 'approve']) {
      const g = document.createElementNS('http://www.w3.org/2000/svg', 'g');
      g.innerHTML = '<g class="djs-visual"><rect style="fill: white"></rect></g>'; // bpmn-js sets its fill inline
      this.shapes.set(id, g);
    }
    return { warnings: [] };
  }
  get(name: string): unknown {
    const { markers, shapes, overlays } = this;
    const services: Record<string, unknown> = {
      canvas: {
        zoom: () => void this.zooms++,
        addMarker: (id: string, m: string) => markers.set(id, new Set([...(markers.get(id) ?? []), m])),
        removeMarker: (id: string, m: string) => markers.get(id)?.delete(m),
      },
      elementRegistry: {
        get: (id: string) => (id === 'flow1' ? { waypoints: [] } : shapes.has(id) ? {} : undefined),
        getGraphics: (id: string) => shapes.get(id),
      },
      overlays: {
        add: (id: string, type: string, o: { html: HTMLElement }) => overlays.push({ id, type, html: o.html }),
        remove: ({ type }: { type: string }) => overlays.splice(0, overlays.length, ...overlays.filter((o) => o.type !== type)),
      },
    };
    return services[name];
  }
  destroy() {
    this.destroyed = true;
  }
}
jest.mock('bpmn-js/lib/NavigatedViewer', () => ({ __esModule: true, default: FakeViewer }));

describe('SopDiagramComponent', () => {
  let fixture: ComponentFixture<SopDiagramComponent>;
  const el = () => fixture.nativeElement as HTMLElement;
  const settle = async () => {
    for (let i = 0; i < 3; i++) await new Promise((r) => setTimeout(r, 0));
    await fixture.whenStable();
    fixture.detectChanges();
  };
  const viewer = () => viewers[viewers.length - 1]!;
  const markersOf = (id: string) => [...(viewer().markers.get(id) ?? [])];

  beforeEach(async () => {
    viewers.length = 0;
    localStorage.setItem('cityops.lang', 'vi');
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection(), { provide: DICTIONARIES, useValue: { vi, en } }] });
    fixture = TestBed.createComponent(SopDiagramComponent);
    fixture.componentRef.setInput('xml', '<definitions id="v1"/>');
    fixture.componentRef.setInput('states', { inspect: 'done', notify: 'active', ghost: 'done' });
    fixture.detectChanges();
    await settle();
  });

  it('loads the viewer into its own box, links the bpmn-js styles, imports, fits and marks each step’s state', () => {
    expect(viewers).toHaveLength(1);
    expect(el().querySelector('.canvas')).toBe(viewer().options.container);
    expect(document.head.querySelector('link[href="bpmn-js.css"]')).not.toBeNull();
    expect(viewer().imported).toEqual(['<definitions id="v1"/>']);
    expect(viewer().zooms).toBe(1);
    expect(markersOf('inspect')).toEqual(['step-done']);
    expect(markersOf('notify')).toEqual(['step-active']);
    expect(viewer().markers.has('ghost')).toBe(false); // not drawn: skipped, not an error
    expect(el().querySelector('[data-test=sop-diagram]')!.getAttribute('data-ready')).toBe('true');
    expect(el().querySelector('.legend')!.textContent).toContain('Đang thực hiện');
  });

  it('re-marks when the states change, without importing again', async () => {
    fixture.componentRef.setInput('states', { inspect: 'done', notify: 'failed', approve: 'skipped' });
    await settle();
    expect(viewer().imported).toHaveLength(1);
    expect(markersOf('notify')).toEqual(['step-failed']);
    expect(markersOf('approve')).toEqual(['step-skipped']);
    fixture.componentRef.setInput('states', {});
    await settle();
    expect(markersOf('inspect')).toEqual([]);
  });

  it('in heat mode fills each shape from its level with the label above it, and shows the heat legend', async () => {
    fixture.componentRef.setInput('states', {});
    fixture.componentRef.setInput('heat', { inspect: { level: 0, label: '4 phút' }, notify: { level: 1, label: '2 giờ' }, flow1: { level: 0.5, label: 'x' } });
    await settle();
    const fill = (id: string) => viewer().shapes.get(id)!.querySelector<SVGElement>('rect')!.style.fill;
    expect(fill('inspect')).toBe('rgb(67, 160, 71)');
    expect(fill('notify')).toBe('rgb(229, 57, 53)');
    expect(viewer().overlays.map((o) => [o.id, o.html.textContent])).toEqual([
      ['inspect', '4 phút'],
      ['notify', '2 giờ'],
    ]);
    expect(el().querySelector('.legend')!.textContent).toContain('Chậm');
    fixture.componentRef.setInput('legend', false);
    await settle();
    expect(el().querySelector('.legend')!.textContent).not.toContain('Chậm');
    fixture.componentRef.setInput('heat', { inspect: { level: 1, label: '1 giờ' } });
    await settle();
    expect(fill('notify')).toBe('white'); // bpmn-js's own fill is back
    expect(viewer().overlays.map((o) => o.html.textContent)).toEqual(['1 giờ']);
  });

  it('imports new XML into the same viewer, says why XML cannot be shown, and destroys the viewer with the component', async () => {
    fixture.componentRef.setInput('xml', '<definitions id="v2"/>');
    await settle();
    expect(viewers).toHaveLength(1);
    expect(viewer().imported).toEqual(['<definitions id="v1"/>', '<definitions id="v2"/>']);
    expect(markersOf('notify')).toEqual(['step-active']);
    fixture.componentRef.setInput('xml', '<broken');
    await settle();
    expect(el().querySelector('[role=alert]')!.textContent).toContain('unparsable content');
    fixture.destroy();
    await settle();
    expect(viewer().destroyed).toBe(true);
  });
});
