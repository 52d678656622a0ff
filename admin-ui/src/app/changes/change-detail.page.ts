import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { RouterLink } from '@angular/router';
import { apiProblem } from '@ui/api-problem';
import { Auth } from '@ui/auth';
import { I18n, TranslatePipe } from '@ui/i18n';
import { ChangeDiagramComponent } from './change-diagram.component';
import { describeFailure, describeValue, diagramMarks, fieldLabelKey, typeLabel, type ChangeFailure } from './change-view';
import { ChangesApi, type ChangeDetail, type ChangeSummary, type ElementProblem, type RuleChangeDetail, type SopChangeDetail } from './changes-api';

/**
 * `/changes/:id`: one change request. An SOP version shows its proposed diagram with the changed
 * elements marked and listed, and its compile problems; a rule change shows a before → after table.
 * Another admin approves or rejects (with a reason); the author may withdraw, and is told why they
 * cannot approve. The server decides who may do what (`mayApprove`, …); auditors only read.
 */
@Component({
  selector: 'adm-change-detail',
  imports: [RouterLink, TranslatePipe, ChangeDiagramComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './change-detail.page.html',
  styleUrl: './change-detail.page.css',
})
export class ChangeDetailPage {
  private readonly api = inject(ChangesApi);
  private readonly auth = inject(Auth);
  protected readonly i18n = inject(I18n);

  /** Route parameter. */
  readonly id = input.required<string>();

  protected readonly change = signal<ChangeDetail | null>(null);
  protected readonly loadError = signal('');
  protected readonly busy = signal(false);
  protected readonly message = signal<string>('');
  protected readonly failure = signal<ChangeFailure | null>(null);
  protected readonly rejecting = signal(false);
  protected readonly reason = signal('');
  protected readonly reasonMissing = signal(false);
  /** Which diagram an SOP change shows: the proposed one, or the version running now. */
  protected readonly showing = signal<'proposed' | 'current'>('proposed');

  protected readonly isAdmin = computed(() => this.auth.hasRole('admin'));
  protected readonly sop = computed<SopChangeDetail | null>(() => {
    const c = this.change();
    return c?.entity === 'sop' ? c.detail : null;
  });
  protected readonly rule = computed<RuleChangeDetail | null>(() => {
    const c = this.change();
    return c?.entity === 'rule' ? c.detail : null;
  });
  /** The author, looking at their own pending request: told why they cannot approve it. */
  protected readonly ownPending = computed(() => {
    const c = this.change();
    return !!c && c.status === 'pending' && this.isAdmin() && c.requestedBy === this.auth.user()?.username;
  });
  protected readonly diagramXml = computed(() => {
    const sop = this.sop();
    if (!sop) return null;
    return this.showing() === 'current' && sop.current ? sop.current.bpmnXml : sop.bpmnXml;
  });
  protected readonly marks = computed(() => diagramMarks(this.sop()?.elements ?? [], this.showing()));
  /** Compile errors: a failed approval's (422) if any, else the request's own. */
  protected readonly errors = computed<readonly ElementProblem[]>(() => {
    const failed = this.failure()?.problems;
    return failed?.length ? failed : (this.sop()?.problems.errors ?? []);
  });
  protected readonly warnings = computed<readonly ElementProblem[]>(() => this.sop()?.problems.warnings ?? []);
  protected readonly entityLabel = computed(() => (this.change()?.entity === 'sop' ? this.i18n.t('changes.entity.sop') : this.i18n.t('changes.entity.rule')));

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => void this.load(id));
    });
  }

  private async load(id: string): Promise<void> {
    this.loadError.set('');
    try {
      this.change.set(await this.api.get(id));
    } catch (err) {
      this.loadError.set(apiProblem(err).message);
    }
  }

  /** How the element list and problem lists name an element: its name and id, or the id alone. */
  protected elementLabel(id: string): string {
    const e = this.sop()?.elements.find((x) => x.id === id);
    return e?.name ? `${e.name} (${id})` : id;
  }

  protected fieldLabel(field: string): string {
    const key = fieldLabelKey(field);
    return key ? this.i18n.t(key) : field;
  }

  protected formatted(field: string, value: unknown): string {
    return describeValue(field, value, (key, params) => this.i18n.t(key, params)) ?? this.i18n.t('changes.absent');
  }

  protected typeName(type: string): string {
    return typeLabel(type, (key) => this.i18n.t(key));
  }

  protected async approve(): Promise<void> {
    await this.decide(
      'approve',
      () => this.api.approve(this.id()),
      (c) => (c.result ? this.i18n.t('changes.approved', { version: c.result.version }) : this.i18n.t('changes.approvedDelete')),
    );
  }

  protected async reject(): Promise<void> {
    if (!this.rejecting()) {
      this.rejecting.set(true);
      return;
    }
    const reason = this.reason().trim();
    if (!reason) {
      this.reasonMissing.set(true);
      return;
    }
    this.reasonMissing.set(false);
    await this.decide(
      'reject',
      () => this.api.reject(this.id(), reason),
      () => this.i18n.t('changes.rejected'),
    );
  }

  protected async withdraw(): Promise<void> {
    await this.decide(
      'withdraw',
      () => this.api.withdraw(this.id()),
      () => this.i18n.t('changes.withdrawn'),
    );
  }

  protected setReason(event: Event): void {
    this.reason.set((event.target as HTMLTextAreaElement).value);
    if (this.reason().trim()) this.reasonMissing.set(false);
  }

  /** Runs a decision; the answer replaces the request's summary (the detail stays as it was proposed). */
  private async decide(what: 'approve' | 'reject' | 'withdraw', action: () => Promise<ChangeSummary>, said: (c: ChangeSummary) => string): Promise<void> {
    const current = this.change();
    if (!current) return;
    this.busy.set(true);
    this.message.set('');
    this.failure.set(null);
    try {
      const summary = await action();
      this.change.set({ ...current, ...summary } as ChangeDetail);
      this.rejecting.set(false);
      this.message.set(said(summary));
    } catch (err) {
      this.failure.set(describeFailure(err, what, current.entity, this.entityLabel()));
      // Decided or superseded meanwhile: show the request as it is now (its buttons go).
      if (apiProblem(err).status === 409) await this.load(this.id());
    } finally {
      this.busy.set(false);
    }
  }
}
