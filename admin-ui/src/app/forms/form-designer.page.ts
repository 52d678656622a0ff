import { ChangeDetectionStrategy, Component, computed, inject, input, signal, type OnInit } from '@angular/core';
import { JsonPipe } from '@angular/common';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { apiProblem } from '@ui/api-problem';
import { I18n, TranslatePipe } from '@ui/i18n';
import { FormBuilderHost } from './form-builder.component';
import { FORM_KEY_PATTERN, countComponents, parseComponents, splitProblems, suggestKey, type FormComponent } from './form-draft';
import { FormPreview } from './form-preview.component';
import { FormsApi, type FormUse, type FormVersionHeader, type PreviewResult } from './forms-api';

type Tab = 'design' | 'preview' | 'json';

/**
 * The form designer: the Form.io builder, "save as new version" (versions are immutable; the API's
 * 400 names the field or component at fault and it is shown there), the versions, a preview with
 * test data validated by the server as an operator's submission would be, and the SOP steps using the form.
 */
@Component({
  selector: 'adm-form-designer',
  imports: [FormsModule, JsonPipe, RouterLink, TranslatePipe, FormBuilderHost, FormPreview],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './form-designer.page.html',
  styleUrl: './form-designer.page.css',
})
export class FormDesignerPage implements OnInit {
  private readonly api = inject(FormsApi);
  private readonly router = inject(Router);
  protected readonly i18n = inject(I18n);

  /** Route parameter; absent on `/forms/new`. */
  readonly key = input<string>();

  protected readonly keyDraft = signal('');
  private keyTouched = false;
  protected readonly title = signal('');
  /** The title of the version on screen, for the heading (the field may be mid-edit). */
  protected readonly heading = signal('');
  /** The tree as the builder last reported it: what is saved. */
  protected readonly components = signal<FormComponent[]>([]);
  /** What the builder is built from: replaced only when a version is opened or JSON applied. */
  protected readonly builderForm = signal<{ components: FormComponent[] }>({ components: [] });
  protected readonly dirty = signal(false);
  protected readonly tab = signal<Tab>('design');
  protected readonly loading = signal(true);
  protected readonly saving = signal(false);
  protected readonly message = signal<{ kind: 'error' | 'info'; text: string } | null>(null);
  protected readonly fieldErrors = signal<Readonly<Record<string, string>>>({});
  protected readonly componentProblems = signal<{ name: string; path: string; message: string }[]>([]);
  protected readonly versions = signal<FormVersionHeader[]>([]);
  protected readonly viewing = signal<number | null>(null);
  protected readonly usage = signal<FormUse[] | null>(null);
  protected readonly previewData = signal<Record<string, unknown>>({});
  protected readonly previewInitial = signal<Record<string, unknown>>({});
  protected readonly previewResult = signal<PreviewResult | null>(null);
  protected readonly validating = signal(false);
  protected jsonText = '[]';
  protected readonly jsonError = signal('');

  protected readonly isNew = computed(() => !this.key());
  protected readonly latest = computed(() => this.versions().reduce((m, v) => Math.max(m, v.version), 0));
  protected readonly componentCount = computed(() => countComponents(this.components()));
  protected readonly previewForm = computed(() => ({ components: this.components() }));
  /** Labels of the form's inputs by key, to name the fields in the server's answer. */
  protected readonly labels = computed(() => {
    const out: Record<string, string> = {};
    const walk = (list: readonly FormComponent[]) => {
      for (const c of list) {
        if (c.key && c.label) out[c.key] = c.label;
        walk(c.components ?? []);
        for (const col of c.columns ?? []) walk(col.components ?? []);
      }
    };
    walk(this.components());
    return out;
  });

  async ngOnInit(): Promise<void> {
    const savedVersion = (history.state as { savedVersion?: unknown } | null)?.savedVersion;
    if (typeof savedVersion === 'number') this.message.set({ kind: 'info', text: this.i18n.t('designer.saved', { version: savedVersion }) });
    const key = this.key();
    try {
      if (key) {
        void this.loadUsage(key);
        const [form, versions] = await Promise.all([this.api.get(key), this.api.versions(key)]);
        this.versions.set(versions);
        this.show(form.version, form.title, form.components);
      }
    } catch (err) {
      this.message.set({ kind: 'error', text: apiProblem(err).message });
    } finally {
      this.loading.set(false);
    }
  }

  protected titleChanged(value: string): void {
    this.title.set(value);
    this.dirty.set(true);
    if (this.isNew() && !this.keyTouched) this.keyDraft.set(suggestKey(value));
  }

  protected keyChanged(value: string): void {
    this.keyTouched = true;
    this.keyDraft.set(value);
  }

  protected builderChanged(components: FormComponent[]): void {
    this.components.set(components);
    this.jsonText = JSON.stringify(components, null, 2);
    this.dirty.set(true);
  }

  protected selectTab(tab: Tab): void {
    if (tab === 'preview') {
      this.previewInitial.set(this.previewData());
      this.previewResult.set(null);
    }
    if (tab === 'json') this.jsonText = JSON.stringify(this.components(), null, 2);
    this.tab.set(tab);
  }

  protected applyJson(): void {
    const parsed = parseComponents(this.jsonText);
    if ('error' in parsed) {
      this.jsonError.set(this.i18n.t('designer.jsonInvalid', { message: parsed.notArray ? this.i18n.t('designer.jsonNotArray') : parsed.error }));
      return;
    }
    this.jsonError.set('');
    this.components.set(parsed.components);
    this.builderForm.set({ components: structuredClone(parsed.components) });
    this.dirty.set(true);
    this.tab.set('design');
  }

  protected async openVersion(version: number): Promise<void> {
    const key = this.key();
    if (!key) return;
    try {
      const form = await this.api.get(key, version);
      this.show(form.version, form.title, form.components);
      this.message.set(null);
    } catch (err) {
      this.message.set({ kind: 'error', text: apiProblem(err).message });
    }
  }

  protected async save(): Promise<void> {
    const key = this.isNew() ? this.keyDraft().trim() : this.key()!;
    if (!FORM_KEY_PATTERN.test(key)) {
      this.fieldErrors.set({ key: this.i18n.t('forms.keyHint') });
      return;
    }
    this.saving.set(true);
    this.message.set(null);
    try {
      const saved = await this.api.saveVersion(key, { title: this.title().trim(), components: this.components() });
      this.fieldErrors.set({});
      this.componentProblems.set([]);
      // A new form moves to its own address (a new page instance), which says it was saved.
      if (this.isNew()) {
        await this.router.navigate(['/forms', key], { state: { savedVersion: saved.version } });
        return;
      }
      this.versions.set(await this.api.versions(key));
      this.viewing.set(saved.version);
      this.heading.set(saved.title);
      this.dirty.set(false);
      this.message.set({ kind: 'info', text: this.i18n.t('designer.saved', { version: saved.version }) });
    } catch (err) {
      const problem = apiProblem(err);
      const split = splitProblems(this.components(), problem.fields);
      this.fieldErrors.set(split.fields);
      this.componentProblems.set(split.components);
      this.message.set({ kind: 'error', text: problem.message });
    } finally {
      this.saving.set(false);
    }
  }

  /** Sends the preview's data to the server's validation of the version being viewed. */
  protected async validateOnServer(): Promise<void> {
    const key = this.key();
    const version = this.viewing();
    if (!key || !version) return;
    this.validating.set(true);
    try {
      this.previewResult.set(await this.api.previewValidate(key, this.previewData(), version));
    } catch (err) {
      this.message.set({ kind: 'error', text: apiProblem(err).message });
    } finally {
      this.validating.set(false);
    }
  }

  protected error(field: string): string | undefined {
    return this.fieldErrors()[field];
  }

  private show(version: number, title: string, components: FormComponent[]): void {
    this.viewing.set(version);
    this.title.set(title);
    this.heading.set(title);
    this.components.set(components);
    this.builderForm.set({ components: structuredClone(components) });
    this.jsonText = JSON.stringify(components, null, 2);
    this.dirty.set(false);
  }

  private async loadUsage(key: string): Promise<void> {
    try {
      this.usage.set(await this.api.usage(key));
    } catch {
      this.usage.set([]);
    }
  }
}
