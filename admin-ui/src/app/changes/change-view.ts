import { apiProblem } from '@ui/api-problem';
import type { ChangeEntity, ChangedElement, ElementProblem } from './changes-api';

/** Rule fields with a label of their own; any other field is shown by its name. */
const LABELLED_FIELDS = new Set([
  'name',
  'enabled',
  'priority',
  'source',
  'sourceType',
  'metric',
  'levels',
  'clear',
  'sustainedFor',
  'keepFiringFor',
  'correlationKey',
  'action',
  'maintenanceWindows',
  'noData',
]);

/** The dictionary key of a rule field's label, or null to show the field's own name. */
export function fieldLabelKey(field: string): string | null {
  return LABELLED_FIELDS.has(field) ? `changes.field.${field}` : null;
}

/** A field's value as one line of text: strings as they are, everything else as compact JSON; absent as null. */
export function formatValue(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

type Translate = (key: string, params?: Readonly<Record<string, string | number>>) => string;
type Threshold = { op?: unknown; value?: unknown };
const isThreshold = (t: unknown): t is Threshold => !!t && typeof t === 'object' && typeof (t as Threshold).op === 'string' && typeof (t as Threshold).value === 'number';

/**
 * A rule field's value as the reviewer reads it: threshold levels as "Cảnh báo ≥ 2.5 · Khẩn cấp ≥ 3",
 * the clear condition, yes/no, the action; anything else (condition trees, windows) as compact JSON.
 */
export function describeValue(field: string, value: unknown, t: Translate): string | null {
  if (value === undefined || value === null) return null;
  if (field === 'enabled' && typeof value === 'boolean') return t(value ? 'common.yes' : 'common.no');
  if (field === 'levels' && Array.isArray(value)) {
    const levels = value as { severity?: unknown; threshold?: unknown }[];
    if (levels.every((l) => typeof l.severity === 'string' && isThreshold(l.threshold))) {
      return levels.map((l) => `${t(`severity.${String(l.severity)}`)} ${(l.threshold as Threshold).op} ${(l.threshold as Threshold).value}`).join(' · ');
    }
  }
  if (field === 'clear' && typeof value === 'object') {
    const clear = value as { threshold?: unknown; for?: unknown };
    if (isThreshold(clear.threshold)) return `${clear.threshold.op} ${clear.threshold.value}${typeof clear.for === 'string' ? ` (${clear.for})` : ''}`;
  }
  if (field === 'action' && typeof value === 'object') {
    const action = value as { type?: unknown; sopKey?: unknown };
    const rest = Object.keys(value).filter((k) => k !== 'type' && k !== 'sopKey');
    if (!rest.length && action.type === 'open-incident') return `${t('editor.actionOpen')}${typeof action.sopKey === 'string' ? `: ${action.sopKey}` : ''}`;
    if (!rest.length && action.type === 'notify') return t('editor.actionNotify');
  }
  return formatValue(value);
}

/** How an element's compiled type is named (`userTask` → "Bước do người xử lý"); unknown types by their name. */
export function typeLabel(type: string, t: Translate): string {
  const key = `changes.type.${type}`;
  const label = t(key);
  return label === key ? type : label;
}

/** The marks of the changed elements on a diagram: the proposed one shows added and changed, the running one removed and changed. */
export function diagramMarks(elements: readonly ChangedElement[], showing: 'proposed' | 'current'): Record<string, 'added' | 'changed' | 'removed'> {
  const marks: Record<string, 'added' | 'changed' | 'removed'> = {};
  for (const e of elements) {
    if (e.change === 'changed' || (showing === 'proposed' ? e.change === 'added' : e.change === 'removed')) marks[e.id] = e.change;
  }
  return marks;
}

/** A failed approve/reject/withdraw said in words: a dictionary key with its parameters, the server's own message, and compile errors by element. */
export interface ChangeFailure {
  key: string;
  params: Record<string, string | number>;
  detail: string;
  problems: ElementProblem[];
}

export function describeFailure(err: unknown, action: 'approve' | 'reject' | 'withdraw', entity: ChangeEntity, entityLabel: string): ChangeFailure {
  const problem = apiProblem(err);
  const detail = problem.message;
  const problems = Object.entries(problem.fields).map(([elementId, message]) => ({ elementId, message }));
  switch (problem.status) {
    case 403:
      // The author deciding their own change (four eyes); any other refusal is a plain "not allowed".
      return { key: action !== 'withdraw' && /four eyes|author/i.test(detail) ? 'changes.error.ownChange' : 'changes.error.forbidden', params: {}, detail, problems: [] };
    case 409:
      return /stale|changed since|since the request|newer/i.test(detail)
        ? { key: 'changes.error.stale', params: { entity: entityLabel }, detail, problems: [] }
        : { key: 'changes.error.notPending', params: {}, detail, problems: [] };
    case 422:
      if (entity === 'sop') return { key: 'changes.error.compile', params: { count: problems.length }, detail, problems };
      return { key: 'changes.error.detail', params: { message: detail }, detail: '', problems };
    default:
      return { key: 'changes.error.detail', params: { message: detail }, detail: '', problems };
  }
}
