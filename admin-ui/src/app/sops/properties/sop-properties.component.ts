import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { TranslatePipe } from '@ui/i18n';
import {
  MULTI_INSTANCE_FIELDS,
  TIMER_FORMS,
  panelGroups,
  type ElementEdit,
  type ElementView,
  type ParamView,
  type TextAttr,
  type TimerForm,
  type MultiInstanceField,
} from '../modeler/element-view';
import type { DesignerOptions } from '../sops-api';
import { durationIssue, feelIssue, isFeel, literalOrFeelIssue, timerIssue, type FieldIssue } from './feel-check';
import { unitTree } from './org-tree';

/** Service-task kinds the engine runs (README, "Service tasks"). */
const SERVICE_TYPES = ['notify', 'http', 'set-incident'] as const;

/**
 * The properties panel of the selected element, for our moddle namespace: assignment from the org
 * tree, form from the deployed forms, SLA and escalation, service task type and parameters, FEEL
 * conditions and scripts, each checked as the admin types. Sends edits; the modeler applies them.
 */
@Component({
  selector: 'adm-sop-properties',
  imports: [TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './sop-properties.component.html',
  styleUrl: './sop-properties.component.css',
})
export class SopPropertiesComponent {
  readonly element = input<ElementView | null>(null);
  readonly options = input<DesignerOptions | null>(null);
  /** Messages of the compiler for this element (check or deploy). */
  readonly problems = input<readonly string[]>([]);
  readonly edit = output<ElementEdit>();

  protected readonly serviceTypes = SERVICE_TYPES;
  protected readonly timerForms = TIMER_FORMS;
  protected readonly multiInstanceFields = MULTI_INSTANCE_FIELDS;
  protected readonly groups = computed(() => panelGroups(this.element()?.type ?? ''));
  protected readonly units = computed(() => unitTree(this.options()?.units ?? []));
  protected readonly roles = computed(() => this.options()?.roles ?? []);
  protected readonly users = computed(() => this.options()?.users ?? []);
  protected readonly formKeys = computed(() => [...new Set((this.options()?.forms ?? []).map((f) => f.key))]);
  protected readonly formVersions = computed(() => {
    const key = this.element()?.attrs['cityops:formKey'];
    return (this.options()?.forms ?? []).filter((f) => f.key === key).map((f) => f.version);
  });
  protected readonly formTitle = (key: string) => this.options()?.forms.find((f) => f.key === key)?.title ?? key;

  /** The issue of each checked field, recomputed from the element as it changes. */
  protected readonly issues = computed(() => {
    const el = this.element();
    const a = (attr: TextAttr) => el?.attrs[attr] ?? '';
    const out: Partial<Record<string, FieldIssue>> = {};
    if (!el) return out;
    for (const attr of ['cityops:assigneeUnit', 'cityops:assigneeRole', 'cityops:assigneeUser'] as const) out[attr] = literalOrFeelIssue(a(attr));
    out['cityops:sla'] = durationIssue(a('cityops:sla'));
    out['cityops:reminder'] = durationIssue(a('cityops:reminder'));
    out['escalation.after'] = el.escalation.role && !el.escalation.after.trim() ? { key: 'sops.check.escalationAfter' } : durationIssue(el.escalation.after);
    if (el.type === 'bpmn:ScriptTask') out['script'] = feelIssue(a('script'));
    if (el.needsCondition || el.condition) out['condition'] = feelIssue(el.condition);
    if (el.multiInstance) {
      out['cityops:collection'] = el.multiInstance['cityops:collection'].trim() ? literalOrFeelIssue(el.multiInstance['cityops:collection']) : { key: 'sops.check.collection' };
      if (el.multiInstance.completionCondition.trim()) out['completionCondition'] = feelIssue(el.multiInstance.completionCondition);
    }
    if (el.timer) out['timer'] = timerIssue(el.timer.form, el.timer.value);
    if (el.message !== null && !el.message.trim()) out['message'] = { key: 'sops.check.messageName' };
    el.params.forEach((p, i) => (out[`param.${i}`] = literalOrFeelIssue(p.value)));
    if (el.type === 'bpmn:UserTask' && !a('cityops:assigneeUnit') && !a('cityops:assigneeRole') && !a('cityops:assigneeUser')) out['assignee'] = { key: 'sops.check.noAssignee' };
    return out;
  });

  protected attr(attr: TextAttr): string {
    return this.element()?.attrs[attr] ?? '';
  }

  /** Whether a picker field shows its FEEL text box (value is FEEL, or not one of the picker's choices). */
  protected feelMode(attr: TextAttr, choices: readonly string[]): boolean {
    const v = this.attr(attr);
    return isFeel(v) || (v !== '' && !choices.includes(v));
  }

  /** A picker's selected option: the value, `=` for FEEL (or a value not among the choices), or empty. */
  protected choice(attr: TextAttr, choices: readonly string[]): string {
    return this.feelMode(attr, choices) ? '=' : this.attr(attr);
  }

  protected unitIds = computed(() => this.units().map((u) => u.id));
  protected userIds = computed(() => this.users().map((u) => u.username));
  protected indent(depth: number): string {
    return '\u00a0\u00a0'.repeat(depth);
  }

  protected setAttr(attr: TextAttr, value: string): void {
    this.edit.emit({ kind: 'attr', attr, value });
  }

  /** A picker's choice; the FEEL choice starts an expression for the admin to finish. */
  protected pick(attr: TextAttr, value: string): void {
    this.setAttr(attr, value === '=' ? '= ' : value);
  }

  protected setForm(key: string): void {
    // A new form starts unpinned (the latest version at deploy).
    this.setAttr('cityops:formVersion', '');
    this.setAttr('cityops:formKey', key);
  }

  protected setEscalation(part: 'role' | 'after', value: string): void {
    const current = this.element()?.escalation ?? { role: '', after: '' };
    this.edit.emit({ kind: 'escalation', ...current, [part]: value });
  }

  protected setMultiInstance(field: MultiInstanceField, value: string): void {
    this.edit.emit({ kind: 'multiInstance', field, value });
  }

  protected setTimer(form: TimerForm, value: string): void {
    this.edit.emit({ kind: 'timer', form, value });
  }

  protected setParam(index: number, part: keyof ParamView, value: string): void {
    const params = (this.element()?.params ?? []).map((p, i) => (i === index ? { ...p, [part]: value } : p));
    this.edit.emit({ kind: 'params', params });
  }

  protected addParam(): void {
    this.edit.emit({ kind: 'params', params: [...(this.element()?.params ?? []), { name: `param${(this.element()?.params.length ?? 0) + 1}`, value: '' }] });
  }

  protected removeParam(index: number): void {
    this.edit.emit({ kind: 'params', params: (this.element()?.params ?? []).filter((_, i) => i !== index) });
  }

  protected value(event: Event): string {
    return (event.target as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement).value;
  }

  protected checked(event: Event): boolean {
    return (event.target as HTMLInputElement).checked;
  }
}
