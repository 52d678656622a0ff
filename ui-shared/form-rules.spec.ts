import { HttpErrorResponse } from '@angular/common/http';
import { apiProblem } from './api-problem';
import { formRuleText, localiseFieldMessages } from './form-rules';

describe('localiseFieldMessages', () => {
  const dictionary: Record<string, string> = formRuleText.vi;
  const t = (key: string, params?: Readonly<Record<string, string | number>>) =>
    (dictionary[key] ?? key).replace(/\{(\w+)\}/g, (m, name: string) => (params?.[name] !== undefined ? String(params[name]) : m));

  it('says the failed checks the API names in Vietnamese and keeps the words of checks it does not know', () => {
    const problem = apiProblem(
      new HttpErrorResponse({
        status: 400,
        error: {
          error: 'form submission is invalid',
          details: [
            { field: 'data.summary', message: 'Tóm tắt is required', rule: 'required' },
            { field: 'data.notes', message: 'Ghi chú must have at most 2000 characters', rule: 'maxLength', limit: 2000 },
            { field: 'data.code', message: 'Mã is invalid (custom)', rule: 'custom' },
            { field: 'data.other', message: 'no rule named' },
          ],
        },
      }),
    );
    expect(localiseFieldMessages(problem, t)).toEqual({
      'data.summary': 'Bắt buộc nhập',
      'data.notes': 'Tối đa 2000 ký tự',
      'data.code': 'Mã is invalid (custom)',
      'data.other': 'no rule named',
    });
  });

  it('has every check in both languages', () => {
    expect(Object.keys(formRuleText.en).sort()).toEqual(Object.keys(formRuleText.vi).sort());
  });
});
