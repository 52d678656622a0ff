import { signal } from '@angular/core';
import { ensureBpmnStyles } from './lazy-stylesheet';

/** The slice of bpmn-js's NavigatedViewer the read-only diagrams call. */
export interface BpmnViewer {
  importXML(xml: string): Promise<unknown>;
  get<T>(name: string): T;
  destroy(): void;
}
export interface BpmnCanvas {
  zoom(level: 'fit-viewport', center: 'auto'): void;
  addMarker(id: string, marker: string): void;
  removeMarker(id: string, marker: string): void;
  getRootElement(): unknown;
}
export interface BpmnOverlays {
  add(id: string, type: string, overlay: { position: Record<string, number>; html: HTMLElement }): void;
  remove(filter: { type: string }): void;
}

/**
 * The life of a read-only bpmn-js viewer, for the components that draw one (the operator's SOP
 * diagram, the admin's change review): loads bpmn-js's NavigatedViewer lazily (its own chunk; its
 * stylesheet linked on first use) into `container`, imports each new XML — the newest wins, a slower
 * earlier import is dropped — and fits it; `ready` holds the viewer once an import is drawn (marks
 * go on only then), `error` what went wrong. `onImported` runs after each import, before `ready`:
 * the new graphics carry none of the old marks.
 */
export class BpmnViewerHost {
  readonly ready = signal<BpmnViewer | null>(null);
  readonly error = signal<string | null>(null);
  private viewer?: Promise<BpmnViewer>;
  private destroyed = false;
  private generation = 0;

  constructor(
    private readonly container: () => HTMLElement,
    private readonly onImported: () => void = () => undefined,
  ) {}

  async show(xml: string): Promise<void> {
    const generation = ++this.generation;
    this.ready.set(null);
    this.error.set(null);
    try {
      this.viewer ??= this.create();
      const viewer = await this.viewer;
      if (this.destroyed || generation !== this.generation) return;
      await viewer.importXML(xml);
      if (this.destroyed || generation !== this.generation) return;
      this.onImported();
      viewer.get<BpmnCanvas>('canvas').zoom('fit-viewport', 'auto');
      this.ready.set(viewer);
    } catch (err) {
      if (generation === this.generation && !this.destroyed) this.error.set(err instanceof Error ? err.message : String(err));
    }
  }

  fit(): void {
    this.ready()?.get<BpmnCanvas>('canvas').zoom('fit-viewport', 'auto');
  }

  destroy(): void {
    this.destroyed = true;
    void this.viewer?.then((v) => v.destroy());
  }

  private create(): Promise<BpmnViewer> {
    ensureBpmnStyles(document);
    return import('bpmn-js/lib/NavigatedViewer').then(({ default: NavigatedViewer }) => new NavigatedViewer({ container: this.container() }) as unknown as BpmnViewer);
  }
}
