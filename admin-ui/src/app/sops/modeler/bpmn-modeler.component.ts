import { ChangeDetectionStrategy, Component, type ElementRef, effect, inject, input, output, viewChild, type OnDestroy } from '@angular/core';
import { I18n } from '@ui/i18n';
import { placeProblems, worstSeverity, type SopProblem } from '../problems';
import { cityopsModelingModule } from './cityops-modeling';
import { readElement, type ElementEdit, type ElementView } from './element-view';
import { applyEdit, type Canvas, type DiagramElement, type ElementRegistry, type Moddle, type Modeling, type Overlays, type Selection } from './modeler-services';
import { ensureBpmnStyles } from '@ui/lazy-stylesheet';

/** The slice of bpmn-js's (Navigated)Viewer/Modeler this component calls. */
interface BpmnInstance {
  importXML(xml: string): Promise<{ warnings: unknown[] }>;
  saveXML(options: { format: boolean }): Promise<{ xml?: string }>;
  get<T>(name: string): T;
  on(event: string, callback: (event: { newSelection?: DiagramElement[] }) => void): void;
  destroy(): void;
}
interface EventBus {
  on(event: string, callback: (event: { newSelection?: DiagramElement[] }) => void): void;
}

const PROBLEM_OVERLAY = 'cityops-problem';
const MARKERS = ['sop-error', 'sop-warning'];
/**
 * Owns one bpmn-js Modeler (or, read-only, a NavigatedViewer): lazily imports it, imports the XML,
 * limits what can be drawn (cityops-modeling), reports the selected element and every change, applies
 * the properties panel's edits, and draws the problems on the elements they name.
 */
@Component({
  selector: 'adm-bpmn-modeler',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<div #canvas class="canvas" data-test="bpmn-canvas"></div>`,
  styles: `
    :host {
      display: block;
      position: relative;
    }
    .canvas {
      height: 100%;
      min-height: 480px;
      background: #fff;
      border: 1px solid #d0d7de;
    }
  `,
})
export class BpmnModelerComponent implements OnDestroy {
  private readonly i18n = inject(I18n);
  private readonly host = viewChild.required<ElementRef<HTMLElement>>('canvas');

  readonly readOnly = input(false);
  readonly problems = input<readonly SopProblem[]>([]);

  /** Emitted after each import; `warnings` are bpmn-js's import warnings (unknown elements and the like). */
  readonly imported = output<{ warnings: number }>();
  readonly changed = output<void>();
  readonly selected = output<ElementView | null>();

  private instance?: BpmnInstance;
  private ready?: Promise<BpmnInstance>;
  private destroyed = false;

  constructor() {
    effect(() => this.drawProblems(this.problems()));
  }

  /** Creates the Modeler on first use (the import of bpmn-js is its own chunk). */
  private async create(moddle: Record<string, unknown>): Promise<BpmnInstance> {
    ensureBpmnStyles(document);
    const options = { container: this.host().nativeElement, moddleExtensions: { cityops: moddle } };
    let instance: BpmnInstance;
    if (this.readOnly()) {
      const { default: Viewer } = await import('bpmn-js/lib/NavigatedViewer');
      instance = new Viewer(options) as unknown as BpmnInstance;
    } else {
      const { default: Modeler } = await import('bpmn-js/lib/Modeler');
      instance = new Modeler({ ...options, additionalModules: [cityopsModelingModule], cityops: { t: (key: string) => this.i18n.t(key) } }) as unknown as BpmnInstance;
      const events = instance.get<EventBus>('eventBus');
      events.on('selection.changed', (e) => this.emitSelection(e.newSelection ?? []));
      events.on('commandStack.changed', () => {
        this.emitSelection(instance.get<Selection>('selection').get());
        this.changed.emit();
      });
    }
    if (this.destroyed) instance.destroy();
    this.instance = instance;
    return instance;
  }

  private emitSelection(elements: DiagramElement[]): void {
    const el = elements.length === 1 ? elements[0] : undefined;
    // An external label (of an event, gateway or flow) stands for its element.
    const target = el?.labelTarget ?? el;
    this.selected.emit(target ? readElement(target.businessObject) : null);
  }

  /** Shows `xml`; `moddle` is our descriptor (GET /api/sops/moddle.json), used when the Modeler is created. */
  async importXml(xml: string, moddle: Record<string, unknown>): Promise<void> {
    this.ready ??= this.create(moddle);
    const instance = await this.ready;
    const { warnings } = await instance.importXML(xml);
    instance.get<Canvas>('canvas').zoom('fit-viewport', 'auto');
    if (this.readOnly() === false) this.selected.emit(null);
    this.drawProblems(this.problems());
    this.imported.emit({ warnings: warnings.length });
  }

  async saveXml(): Promise<string> {
    if (!this.ready) throw new Error('no diagram loaded');
    const { xml } = await (await this.ready).saveXML({ format: true });
    if (!xml) throw new Error('the diagram could not be saved as XML');
    return xml;
  }

  /** Applies a properties-panel edit to the element `id` (one undoable command). */
  edit(id: string, edit: ElementEdit): void {
    const instance = this.instance;
    const element = instance?.get<ElementRegistry>('elementRegistry').get(id);
    if (!instance || !element) return;
    applyEdit(element, edit, instance.get<Modeling>('modeling'), instance.get<Moddle>('moddle'));
  }

  /** The process (the diagram's root) gets the SOP's name, which the compiler takes as the version's name. */
  setProcessName(name: string): void {
    const instance = this.instance;
    if (!instance || this.readOnly()) return;
    const root = instance.get<Canvas>('canvas').getRootElement();
    if ((root.businessObject.name ?? '') !== name) instance.get<Modeling>('modeling').updateProperties(root, { name });
  }

  /** The name of element `id`, for lists that name elements; empty when it has none. */
  nameOf(id: string): string {
    return this.instance?.get<ElementRegistry>('elementRegistry').get(id)?.businessObject.name ?? '';
  }

  /** The name of the diagram's process (e.g. of an imported file). */
  processName(): string {
    return this.instance?.get<Canvas>('canvas').getRootElement().businessObject.name ?? '';
  }

  select(id: string): void {
    const element = this.instance?.get<ElementRegistry>('elementRegistry').get(id);
    if (element && !this.readOnly()) this.instance!.get<Selection>('selection').select(element);
  }

  /** Whether `id` is drawn (a shape or connection, not the process itself), i.e. can carry a marker. */
  isDrawn(id: string): boolean {
    const instance = this.instance;
    if (!instance) return false;
    const element = instance.get<ElementRegistry>('elementRegistry').get(id);
    return !!element && element !== instance.get<Canvas>('canvas').getRootElement();
  }

  private drawProblems(problems: readonly SopProblem[]): void {
    const instance = this.instance;
    if (!instance) return;
    const overlays = instance.get<Overlays>('overlays');
    const canvas = instance.get<Canvas>('canvas');
    overlays.remove({ type: PROBLEM_OVERLAY });
    for (const id of this.marked) for (const m of MARKERS) canvas.removeMarker(id, m);
    this.marked = [];
    const { onDiagram } = placeProblems(problems, (id) => this.isDrawn(id));
    for (const [id, list] of onDiagram) {
      const severity = worstSeverity(list);
      canvas.addMarker(id, `sop-${severity}`);
      this.marked.push(id);
      const badge = document.createElement('div');
      badge.className = `sop-problem-badge ${severity}`;
      badge.dataset['test'] = 'problem-marker';
      badge.dataset['elementId'] = id;
      badge.title = list.map((p) => p.message).join('\n');
      badge.textContent = String(list.length);
      overlays.add(id, PROBLEM_OVERLAY, { position: { top: -12, right: 12 }, html: badge });
    }
  }
  private marked: string[] = [];

  ngOnDestroy(): void {
    this.destroyed = true;
    this.instance?.destroy();
  }
}
