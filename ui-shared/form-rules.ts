import type { ApiProblem } from './api-problem';

type Translate = (key: string, params?: Readonly<Record<string, string | number>>) => string;

/** How a failed form check reads under its field (the summary adds the label), Vietnamese first; `{limit}` is the check's setting. */
export const formRuleText = {
  vi: {
    'formRule.required': 'Bắt buộc nhập',
    'formRule.min': 'Không được nhỏ hơn {limit}',
    'formRule.max': 'Không được lớn hơn {limit}',
    'formRule.minLength': 'Cần ít nhất {limit} ký tự',
    'formRule.maxLength': 'Tối đa {limit} ký tự',
    'formRule.pattern': 'Không đúng định dạng',
    'formRule.onlyAvailableItems': 'Chọn một giá trị trong danh sách',
    'formRule.type': 'Sai kiểu dữ liệu',
  },
  en: {
    'formRule.required': 'Required',
    'formRule.min': 'Must be at least {limit}',
    'formRule.max': 'Must be at most {limit}',
    'formRule.minLength': 'Needs at least {limit} characters',
    'formRule.maxLength': 'At most {limit} characters',
    'formRule.pattern': 'Does not match the expected format',
    'formRule.onlyAvailableItems': 'Pick one of the listed values',
    'formRule.type': 'Wrong type of value',
  },
};

/**
 * The API's per-field messages of a rejected form submission, each said in the user's language when
 * the API named the failed check (`required`, `maxLength`, …); unknown checks keep the server's words.
 */
export function localiseFieldMessages(problem: ApiProblem, t: Translate): Record<string, string> {
  const out: Record<string, string> = { ...problem.fields };
  for (const [field, { rule, limit }] of Object.entries(problem.rules)) {
    const key = `formRule.${rule}`;
    const text = t(key, { limit: limit === undefined ? '' : String(limit) });
    if (text !== key) out[field] = text;
  }
  return out;
}
