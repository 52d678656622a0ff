import { ChangeDetectionStrategy, Component, DestroyRef, type ElementRef, effect, inject, input, untracked, viewChild } from '@angular/core';
import { TranslatePipe } from '@ui/i18n';
import { BpmnViewerHost, type BpmnCanvas, type BpmnOverlays, type BpmnViewer } from '@ui/bpmn-viewer-host';
import type { ElementProblem } from './changes-api';

export type ElementMark = 'added' | 'changed' | 'removed';

interface ElementRegistry {
  get(id: string): unknown;
}

/** CSS markers (ui-shared/styles/bpmn-markers.css). */
const MARKERS = ['change-added', 'change-changed', 'change-removed', 'sop-error'] as const;
const PROBLEM_OVERLAY = 'cityops-change-problem';

/**
 * A read-only bpmn-js viewer of a proposed (or running) SOP diagram (BpmnViewerHost): marks the
 * elements the change adds, changes or removes, and puts compile errors on the elements they name.
 * Destroyed with the component.
 */
@Component({
  selector: 'adm-change-diagram',
  imports: [TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="wrap" data-test="change-diagram" [attr.data-ready]="ready() ? 'true' : null">
      <div #canvas class="canvas"></div>
      @if (!ready() && !error()) {
        <p class="note">{{ 'changes.diagramLoading' | t }}</p>
      }
      @if (error(); as message) {
        <p class="banner error" role="alert">{{ 'changes.diagramFailed' | t: { message } }}</p>
      }
      <div class="legend">
        <span class="key"><span class="swatch added"></span>{{ 'changes.legend.added' | t }}</span>
        <span class="key"><span class="swatch changed"></span>{{ 'changes.legend.changed' | t }}</span>
        <span class="key"><span class="swatch removed"></span>{{ 'changes.legend.removed' | t }}</span>
        <button type="button" class="fit" (click)="fit()" [disabled]="!ready()">{{ 'changes.fit' | t }}</button>
      </div>
    </div>
  `,
  styles: `
    :host {
      display: block;
    }
    .wrap {
      position: relative;
    }
    .canvas {
      height: 440px;
      background: #fff;
      border: 1px solid var(--line);
      border-radius: 4px;
      overflow: hidden;
    }
    .note {
      position: absolute;
      top: 0.5rem;
      left: 0.75rem;
      margin: 0;
      color: var(--muted);
    }
    .legend {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.35rem 0.9rem;
      margin-top: 0.4rem;
      font-size: 0.85rem;
      color: var(--muted);
    }
    .key {
      display: inline-flex;
      align-items: center;
      gap: 0.3rem;
    }
    .swatch {
      width: 14px;
      height: 10px;
      border: 2px solid;
      border-radius: 3px;
    }
    .swatch.added {
      border-color: #2e7d32;
      background: #e8f5e9;
    }
    .swatch.changed {
      border-color: #1565c0;
      background: #e3f2fd;
    }
    .swatch.removed {
      border-color: #c62828;
      background: #fdecea;
      border-style: dashed;
    }
    .fit {
      margin-left: auto;
      padding: 0.15rem 0.6rem;
    }
  `,
})
export class ChangeDiagramComponent {
  readonly xml = input.required<string>();
  readonly marks = input<Readonly<Record<string, ElementMark>>>({});
  readonly problems = input<readonly ElementProblem[]>([]);

  private readonly host = viewChild.required<ElementRef<HTMLDivElement>>('canvas');
  private marked: string[] = [];
  // A fresh import drew new graphics: nothing from the last one is marked any more.
  private readonly viewer = new BpmnViewerHost(
    () => this.host().nativeElement,
    () => (this.marked = []),
  );
  protected readonly error = this.viewer.error;
  /** The viewer once the current XML is imported (marks are drawn only then). */
  protected readonly ready = this.viewer.ready;

  constructor() {
    effect(() => {
      const xml = this.xml();
      untracked(() => void this.viewer.show(xml));
    });
    effect(() => {
      const viewer = this.ready();
      if (viewer) this.mark(viewer, this.marks(), this.problems());
    });
    inject(DestroyRef).onDestroy(() => this.viewer.destroy());
  }

  protected fit(): void {
    this.viewer.fit();
  }

  private mark(viewer: BpmnViewer, marks: Readonly<Record<string, ElementMark>>, problems: readonly ElementProblem[]): void {
    const canvas = viewer.get<BpmnCanvas>('canvas');
    const registry = viewer.get<ElementRegistry>('elementRegistry');
    const overlays = viewer.get<BpmnOverlays>('overlays');
    for (const id of this.marked) for (const m of MARKERS) canvas.removeMarker(id, m);
    overlays.remove({ type: PROBLEM_OVERLAY });
    this.marked = [];
    // Only drawn elements carry a marker; the process itself (the root) is listed, not drawn.
    const drawn = (id: string) => {
      const element = registry.get(id);
      return !!element && element !== canvas.getRootElement();
    };
    for (const [id, mark] of Object.entries(marks)) {
      if (!drawn(id)) continue;
      canvas.addMarker(id, `change-${mark}`);
      this.marked.push(id);
    }
    const byElement = new Map<string, string[]>();
    for (const p of problems) if (drawn(p.elementId)) byElement.set(p.elementId, [...(byElement.get(p.elementId) ?? []), p.message]);
    for (const [id, messages] of byElement) {
      canvas.addMarker(id, 'sop-error');
      this.marked.push(id);
      const badge = document.createElement('div');
      badge.className = 'sop-problem-badge error';
      badge.dataset['test'] = 'problem-marker';
      badge.dataset['elementId'] = id;
      badge.title = messages.join('\n');
      badge.textContent = String(messages.length);
      overlays.add(id, PROBLEM_OVERLAY, { position: { top: -12, right: 12 }, html: badge });
    }
  }
}
