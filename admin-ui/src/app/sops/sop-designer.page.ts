import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked, viewChild, type OnDestroy } from '@angular/core';
import { HttpErrorResponse } from '@angular/common/http';
import { Router, RouterLink } from '@angular/router';
import { apiProblem } from '@ui/api-problem';
import { I18n, TranslatePipe } from '@ui/i18n';
import { BpmnModelerComponent } from './modeler/bpmn-modeler.component';
import type { ElementEdit, ElementView } from './modeler/element-view';
import { placeProblems, toProblems, type SopProblem } from './problems';
import { SopPropertiesComponent } from './properties/sop-properties.component';
import { SOP_KEY_PATTERN, emptySopXml, exportFileName } from './sop-document';
import { SopsApi, type DesignerOptions, type SopVersionSummary } from './sops-api';
import { ChangesApi, isPendingApproval } from '../changes/changes-api';
import { loadFourEyes } from '../changes/four-eyes';

/** Edits settle this long before the diagram is compiled again on the server. */
const CHECK_DEBOUNCE_MS = 600;

/**
 * The SOP designer: draw in bpmn-js (only what the engine runs), set our properties, see the
 * compiler's problems on the diagram as you draw (`POST /api/sops/:key/check`), save the draft,
 * deploy, browse versions. `/sops/:key/versions/:v` shows a deployed version read-only.
 */
@Component({
  selector: 'adm-sop-designer',
  imports: [RouterLink, TranslatePipe, BpmnModelerComponent, SopPropertiesComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './sop-designer.page.html',
  styleUrl: './sop-designer.page.css',
})
export class SopDesignerPage implements OnDestroy {
  private readonly api = inject(SopsApi);
  private readonly router = inject(Router);
  protected readonly i18n = inject(I18n);
  private readonly modeler = viewChild(BpmnModelerComponent);

  /** Route parameters: none on `/sops/new`; `v` on a read-only version. */
  readonly key = input<string>();
  readonly v = input<string>();

  protected readonly isNew = computed(() => !this.key());
  protected readonly readOnly = computed(() => !!this.v());
  protected readonly moddle = signal<Record<string, unknown> | null>(null);
  protected readonly options = signal<DesignerOptions | null>(null);
  protected readonly versions = signal<SopVersionSummary[]>([]);
  protected readonly newKey = signal('');
  protected readonly name = signal('');
  protected readonly selected = signal<ElementView | null>(null);
  protected readonly problems = signal<SopProblem[]>([]);
  protected readonly checking = signal(false);
  protected readonly busy = signal(false);
  protected readonly dirty = signal(false);
  /** `link`: a change request the message points to (four eyes). */
  protected readonly message = signal<{ kind: 'error' | 'info' | 'warn'; text: string; link?: string[] } | null>(null);
  /** Four eyes on: Deploy submits the version for a second admin's approval. */
  protected readonly fourEyes = loadFourEyes(inject(ChangesApi));
  protected readonly generalProblems = computed(() => placeProblems(this.problems(), (id) => this.modeler()?.isDrawn(id) ?? false).general);
  protected readonly selectedProblems = computed(() => {
    const id = this.selected()?.id;
    return this.problems()
      .filter((p) => p.elementId === id)
      .map((p) => p.message);
  });
  protected readonly errorCount = computed(() => this.problems().filter((p) => p.severity === 'error').length);
  protected readonly sopKey = computed(() => this.key() ?? this.newKey().trim());
  protected readonly keyValid = computed(() => SOP_KEY_PATTERN.test(this.sopKey()));

  private checkTimer?: ReturnType<typeof setTimeout>;
  private checkSeq = 0;

  constructor() {
    effect(() => {
      const key = this.key();
      const v = this.v();
      untracked(() => void this.load(key, v));
    });
  }

  private async load(key: string | undefined, v: string | undefined): Promise<void> {
    // A new SOP submitted for approval moved here: say so on its own page.
    const submitted = (history.state as { submitted?: { kind: 'info'; text: string; link: string[] } } | null)?.submitted;
    this.message.set(submitted && key && !v ? submitted : null);
    this.problems.set([]);
    try {
      const [moddle, options] = await Promise.all([this.moddle() ?? this.api.moddle(), this.readOnly() ? null : (this.options() ?? this.api.options())]);
      this.moddle.set(moddle);
      this.options.set(options);
      let xml: string;
      if (!key) {
        xml = emptySopXml('sop', '');
      } else if (v) {
        const version = await this.api.version(key, Number(v));
        this.name.set(version.name);
        xml = version.bpmnXml;
      } else {
        const sop = await this.api.get(key);
        this.name.set(sop.draft?.name ?? sop.name);
        xml = sop.draft?.bpmnXml ?? (sop.latestVersion ? (await this.api.version(key, sop.latestVersion)).bpmnXml : emptySopXml(key, sop.name));
      }
      if (key) this.versions.set(await this.api.versions(key));
      await this.whenModeler().importXml(xml, moddle);
      this.dirty.set(false);
      if (key && !v) this.scheduleCheck(0);
    } catch (err) {
      this.message.set({ kind: 'error', text: apiProblem(err).message });
    }
  }

  private whenModeler(): BpmnModelerComponent {
    const m = this.modeler();
    if (!m) throw new Error('the diagram is not ready');
    return m;
  }

  protected onChanged(): void {
    this.dirty.set(true);
    this.scheduleCheck(CHECK_DEBOUNCE_MS);
  }

  /** Compiles the diagram on the server after edits settle; only the latest answer is shown. */
  private scheduleCheck(delay: number): void {
    clearTimeout(this.checkTimer);
    this.checkTimer = setTimeout(() => void this.check(), delay);
  }

  private async check(): Promise<void> {
    const seq = ++this.checkSeq;
    this.checking.set(true);
    try {
      const xml = await this.whenModeler().saveXml();
      const problems = await this.api.check(this.keyValid() ? this.sopKey() : 'new-sop', xml);
      if (seq === this.checkSeq) this.problems.set(problems);
    } catch (err) {
      if (seq === this.checkSeq) this.message.set({ kind: 'error', text: apiProblem(err).message });
    } finally {
      if (seq === this.checkSeq) this.checking.set(false);
    }
  }

  protected onEdit(edit: ElementEdit): void {
    const id = this.selected()?.id;
    if (id) this.modeler()?.edit(id, edit);
  }

  protected setName(name: string): void {
    this.name.set(name);
    this.modeler()?.setProcessName(name);
  }

  /** How the problem list names an element: its name and id, or the id alone. */
  protected elementLabel(id: string): string {
    const name = this.modeler()?.nameOf(id);
    return name ? `${name} (${id})` : id;
  }

  protected selectProblem(p: SopProblem): void {
    this.modeler()?.select(p.elementId);
  }

  protected async saveDraft(): Promise<void> {
    if (!this.canSave()) return;
    await this.run(async (key, xml) => {
      await this.api.saveDraft(key, this.name().trim(), xml);
      this.dirty.set(false);
      this.message.set({ kind: 'info', text: this.i18n.t('sops.saved') });
      await this.afterSave(key);
    });
  }

  protected async deploy(): Promise<void> {
    if (!this.canSave()) return;
    await this.run(async (key, xml) => {
      try {
        const result = await this.api.deploy(key, this.name().trim(), xml);
        this.dirty.set(false);
        this.problems.set(toProblems({ warnings: result.warnings ?? [] }));
        if (isPendingApproval(result)) {
          // Four eyes: nothing went live; a second admin approves the submitted version.
          const submitted = { kind: 'info' as const, text: this.i18n.t('changes.submitted'), link: ['/changes', result.change.id] };
          if (this.isNew()) await this.router.navigate(['/sops', key], { state: { submitted } });
          else this.message.set(submitted);
          return;
        }
        this.message.set({ kind: 'info', text: this.i18n.t('sops.deployed', { version: result.version }) });
        await this.afterSave(key);
      } catch (err) {
        if (err instanceof HttpErrorResponse && err.status === 422) {
          // The deploy's own answer, by element id: drawn on the diagram like the checks'.
          const body = err.error as { errors?: { elementId: string; message: string }[] };
          this.problems.set(toProblems({ errors: body.errors ?? [] }));
          this.message.set({ kind: 'error', text: this.i18n.t('sops.deployRefused', { count: body.errors?.length ?? 0 }) });
          return;
        }
        throw err;
      }
    });
  }

  private canSave(): boolean {
    if (!this.keyValid()) {
      this.message.set({ kind: 'error', text: this.i18n.t('sops.keyInvalid') });
      return false;
    }
    if (!this.name().trim()) {
      this.message.set({ kind: 'error', text: this.i18n.t('sops.nameRequired') });
      return false;
    }
    return true;
  }

  private async run(action: (key: string, xml: string) => Promise<void>): Promise<void> {
    this.busy.set(true);
    this.message.set(null);
    try {
      this.modeler()?.setProcessName(this.name().trim());
      await action(this.sopKey(), await this.whenModeler().saveXml());
    } catch (err) {
      this.message.set({ kind: 'error', text: apiProblem(err).message });
    } finally {
      this.busy.set(false);
    }
  }

  private async afterSave(key: string): Promise<void> {
    if (this.isNew()) {
      // The same page under the SOP's own address: versions and later saves follow it.
      await this.router.navigate(['/sops', key]);
      return;
    }
    this.versions.set(await this.api.versions(key));
  }

  protected async importFile(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    try {
      const modeler = this.whenModeler();
      await modeler.importXml(await file.text(), this.moddle() ?? (await this.api.moddle()));
      if (!this.name().trim()) this.name.set(modeler.processName());
      this.onChanged();
      this.message.set({ kind: 'info', text: this.i18n.t('sops.importedFile', { file: file.name }) });
    } catch (err) {
      this.message.set({ kind: 'error', text: this.i18n.t('sops.importFailed', { message: err instanceof Error ? err.message : String(err) }) });
    }
  }

  protected async exportFile(): Promise<void> {
    const xml = await this.whenModeler().saveXml();
    const url = URL.createObjectURL(new Blob([xml], { type: 'application/xml' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = exportFileName(this.sopKey(), this.v() ? Number(this.v()) : undefined);
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }

  protected value(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }

  /** Whether the router may leave: nothing unsaved, or the admin confirms dropping it. */
  canLeave(): boolean {
    return !this.dirty() || this.readOnly() || window.confirm(this.i18n.t('sops.leaveUnsaved'));
  }

  ngOnDestroy(): void {
    clearTimeout(this.checkTimer);
  }
}
