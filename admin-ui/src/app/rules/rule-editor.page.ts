import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, input, signal, type OnInit } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { apiProblem } from '@ui/api-problem';
import { I18n, TranslatePipe } from '@ui/i18n';
import { BacktestChart } from './backtest-chart.component';
import { summarise, type BacktestResult } from './backtest-chart';
import { OPS, SEVERITIES, SEVERITY_COLOURS, emptyDraft, fromRuleBody, toRuleBody, type RuleDraft } from './rule-draft';
import { RulesApi, type RuleWriteResult, type SopOption, type SourceMetric, type SourceOption, type SourceTypeOption } from './rules-api';
import type { PendingChange } from '../changes/pending-chip.component';
import { ChangesApi, isPendingApproval } from '../changes/changes-api';
import { loadFourEyes } from '../changes/four-eyes';

/** Backtest ranges offered, in hours. */
const RANGES = [6, 24, 24 * 7, 24 * 30] as const;
/** Edits settle this long before the rule is tried again on the server. */
const BACKTEST_DEBOUNCE_MS = 500;
const KEY_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;

/**
 * The guided threshold editor. Every edit re-runs the rule, unsaved, over the stored readings
 * (`POST /api/rules/backtest`), which both draws what it would have done and checks the whole rule
 * on the server: its 400 details are shown next to the fields they name.
 */
@Component({
  selector: 'adm-rule-editor',
  imports: [FormsModule, RouterLink, TranslatePipe, BacktestChart],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './rule-editor.page.html',
  styleUrl: './rule-editor.page.css',
})
export class RuleEditorPage implements OnInit {
  private readonly api = inject(RulesApi);
  private readonly router = inject(Router);
  protected readonly i18n = inject(I18n);

  /** Route parameter; absent on `/rules/new`. */
  readonly key = input<string>();

  protected readonly severities = SEVERITIES;
  protected readonly ops = OPS;
  protected readonly colours = SEVERITY_COLOURS;
  protected readonly ranges = RANGES;

  protected draft: RuleDraft = emptyDraft();
  /** Bumped on every edit: the computed views below re-read the (mutable) draft. */
  protected readonly revision = signal(0);
  protected readonly tab = signal<'guided' | 'advanced'>('guided');
  protected readonly loading = signal(true);
  protected readonly sources = signal<SourceOption[]>([]);
  protected readonly sourceTypes = signal<SourceTypeOption[]>([]);
  protected readonly sops = signal<SopOption[]>([]);
  protected readonly rangeHours = signal<number>(24 * 7);
  protected readonly backtest = signal<{ result: BacktestResult; rangeEnd: string } | null>(null);
  protected readonly backtesting = signal(false);
  protected readonly fieldErrors = signal<Readonly<Record<string, string>>>({});
  /** `link`: a change request the message points to (four eyes). */
  protected readonly message = signal<{ kind: 'error' | 'info'; text: string; link?: string[] } | null>(null);
  /** Four eyes on: changes are submitted for a second admin's approval. */
  protected readonly fourEyes = loadFourEyes(inject(ChangesApi));
  /** Whether the stored rule is enabled (the Enable/Disable button); null for a new rule. */
  protected readonly storedEnabled = signal<boolean | null>(null);
  protected readonly saving = signal(false);
  /** A change to this rule awaiting approval: saving again submits a new request that replaces it. */
  protected readonly pending = signal<PendingChange | null>(null);
  protected jsonText = '';
  protected readonly jsonError = signal('');

  protected readonly isNew = computed(() => !this.key());
  protected readonly metrics = computed<SourceMetric[]>(() => {
    this.revision();
    if (this.draft.target === 'source') return this.sources().find((s) => s.id === this.draft.source)?.metrics ?? [];
    return this.sourceTypes().find((t) => t.key === this.draft.sourceType)?.metrics ?? [];
  });
  protected readonly summary = computed(() => {
    const b = this.backtest();
    return b ? summarise(b.result) : null;
  });
  protected readonly levelsView = computed(() => {
    this.revision();
    return [...this.draft.levels];
  });
  protected readonly clearView = computed(() => {
    this.revision();
    return this.draft.clear.enabled ? { op: this.draft.clear.op, value: this.draft.clear.value } : null;
  });

  private timer: ReturnType<typeof setTimeout> | undefined;
  private backtestSeq = 0;

  constructor() {
    inject(DestroyRef).onDestroy(() => clearTimeout(this.timer));
  }

  async ngOnInit(): Promise<void> {
    const savedVersion = (history.state as { savedVersion?: unknown } | null)?.savedVersion;
    if (typeof savedVersion === 'number') this.message.set({ kind: 'info', text: this.i18n.t('editor.saved', { version: savedVersion }) });
    try {
      const [sources, types, sops] = await Promise.all([this.api.sources(), this.api.sourceTypes(), this.api.sops()]);
      this.sources.set(sources);
      this.sourceTypes.set(types);
      this.sops.set(sops);
      const key = this.key();
      if (key) {
        const stored = await this.api.get(key);
        this.draft = fromRuleBody(key, stored);
        this.storedEnabled.set(stored.enabled !== false);
        this.pending.set(stored.pendingChange ?? null);
      }
      this.jsonText = JSON.stringify(toRuleBody(this.draft), null, 2);
      this.revision.update((r) => r + 1);
      void this.runBacktest();
    } catch (err) {
      this.message.set({ kind: 'error', text: apiProblem(err).message });
    } finally {
      this.loading.set(false);
    }
  }

  /** Any field changed: redraw, and try the rule again once edits settle. */
  changed(): void {
    this.revision.update((r) => r + 1);
    this.jsonText = JSON.stringify(toRuleBody(this.draft), null, 2);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.runBacktest(), BACKTEST_DEBOUNCE_MS);
  }

  addLevel(): void {
    const used = new Set(this.draft.levels.map((l) => l.severity));
    const severity = SEVERITIES.find((s) => !used.has(s)) ?? 'critical';
    this.draft.levels.push({ severity, op: this.draft.levels[0]?.op ?? '>=', value: null });
    this.changed();
  }

  removeLevel(i: number): void {
    this.draft.levels.splice(i, 1);
    this.changed();
  }

  addWindow(): void {
    this.draft.maintenanceWindows.push({ start: '', end: '' });
    this.changed();
  }

  removeWindow(i: number): void {
    this.draft.maintenanceWindows.splice(i, 1);
    this.changed();
  }

  selectRange(hours: number): void {
    this.rangeHours.set(hours);
    void this.runBacktest();
  }

  /** The Advanced tab's JSON, checked as it is typed; applied to the form on request. */
  jsonEdited(): void {
    try {
      JSON.parse(this.jsonText);
      this.jsonError.set('');
    } catch (err) {
      this.jsonError.set(this.i18n.t('editor.jsonInvalid', { message: (err as Error).message }));
    }
  }

  applyJson(): void {
    try {
      const body = JSON.parse(this.jsonText) as Record<string, unknown>;
      if (!body || typeof body !== 'object' || Array.isArray(body)) throw new Error('expected an object');
      this.draft = fromRuleBody(this.draft.key, body);
      this.jsonError.set('');
      this.changed();
    } catch (err) {
      this.jsonError.set(this.i18n.t('editor.jsonInvalid', { message: (err as Error).message }));
    }
  }

  error(field: string): string | undefined {
    return this.fieldErrors()[field];
  }

  async save(): Promise<void> {
    const key = this.draft.key.trim();
    if (!KEY_PATTERN.test(key)) {
      this.fieldErrors.set({ ...this.fieldErrors(), key: 'a–z, 0–9, "-" (2–63)' });
      return;
    }
    this.saving.set(true);
    this.message.set(null);
    try {
      const saved = await this.api.save(key, toRuleBody(this.draft));
      this.fieldErrors.set({});
      // Four eyes: nothing went live, and a new rule has no address of its own yet: the page stays.
      if (this.submitted(saved)) return;
      // A new rule moves to its own address (a new page instance), which says it was saved.
      if (this.isNew()) await this.router.navigate(['/rules', key], { state: { savedVersion: saved.version } });
      else this.message.set({ kind: 'info', text: this.i18n.t('editor.saved', { version: saved.version }) });
    } catch (err) {
      this.showProblem(err, '');
    } finally {
      this.saving.set(false);
    }
  }

  /** Enables or disables the stored rule (a new version; with four eyes, a request). */
  async setEnabled(enabled: boolean): Promise<void> {
    const key = this.key();
    if (!key) return;
    await this.write(async () => {
      const saved = await this.api.setEnabled(key, enabled);
      if (this.submitted(saved)) return;
      this.storedEnabled.set(enabled);
      this.draft.enabled = enabled;
      this.jsonText = JSON.stringify(toRuleBody(this.draft), null, 2);
      this.revision.update((r) => r + 1);
      this.message.set({ kind: 'info', text: this.i18n.t('editor.saved', { version: saved.version }) });
    });
  }

  async remove(): Promise<void> {
    const key = this.key();
    if (!key || !window.confirm(this.i18n.t('editor.confirmDelete', { key }))) return;
    await this.write(async () => {
      const answer = await this.api.remove(key);
      if (isPendingApproval(answer)) this.submitted(answer);
      else await this.router.navigate(['/rules']);
    });
  }

  private async write(action: () => Promise<void>): Promise<void> {
    this.saving.set(true);
    this.message.set(null);
    try {
      await action();
    } catch (err) {
      this.showProblem(err, '');
    } finally {
      this.saving.set(false);
    }
  }

  /** A 202: says the change awaits a second admin, with a link to the request. */
  private submitted(answer: RuleWriteResult): answer is Extract<RuleWriteResult, { pendingApproval: true }> {
    if (!isPendingApproval(answer)) return false;
    this.message.set({ kind: 'info', text: this.i18n.t('changes.submittedRule'), link: ['/changes', answer.change.id] });
    this.pending.set(null); // the new request replaced it; the message links to the new one
    return true;
  }

  private async runBacktest(): Promise<void> {
    const d = this.draft;
    if (!d.metric || (d.target === 'source' ? !d.source : !d.sourceType)) return;
    const seq = ++this.backtestSeq;
    const to = new Date();
    const from = new Date(to.getTime() - this.rangeHours() * 3600_000);
    this.backtesting.set(true);
    try {
      const result = await this.api.backtest(toRuleBody(d), from, to);
      if (seq !== this.backtestSeq) return; // a newer edit is on its way
      this.backtest.set({ result, rangeEnd: to.toISOString() });
      this.fieldErrors.set({});
      if (this.message()?.kind === 'error') this.message.set(null);
    } catch (err) {
      if (seq === this.backtestSeq) this.showProblem(err, 'rule.');
    } finally {
      if (seq === this.backtestSeq) this.backtesting.set(false);
    }
  }

  /** 400 details name fields (`rule.levels.0.threshold.value` for a backtest): shown beside them, the rest as a banner. */
  private showProblem(err: unknown, prefix: string): void {
    const problem = apiProblem(err);
    const fields: Record<string, string> = {};
    for (const [field, text] of Object.entries(problem.fields)) fields[field.startsWith(prefix) ? field.slice(prefix.length) : field] = text;
    this.fieldErrors.set(fields);
    this.message.set({ kind: 'error', text: problem.message });
  }
}
