import { HttpErrorResponse } from '@angular/common/http';
import { en } from '../i18n/en';
import { vi } from '../i18n/vi';
import { describeFailure, describeValue, diagramMarks, typeLabel } from './change-view';
import type { ChangedElement } from './changes-api';

const t = (key: string) => vi[key] ?? key;
const error = (status: number, body: object) => new HttpErrorResponse({ status, error: body });

describe('change review: values, marks and failures in words', () => {
  it('says threshold levels, the clear condition, yes/no and the action as a reviewer reads them', () => {
    const levels = [
      { severity: 'warning', threshold: { op: '>=', value: 2.5 } },
      { severity: 'critical', threshold: { op: '>=', value: 3 } },
    ];
    expect(describeValue('levels', levels, t)).toBe('Cảnh báo >= 2.5 · Khẩn cấp >= 3');
    expect(describeValue('clear', { threshold: { op: '<', value: 2.3 }, for: 'PT10M' }, t)).toBe('< 2.3 (PT10M)');
    expect(describeValue('enabled', false, t)).toBe('Không');
    expect(describeValue('action', { type: 'open-incident', sopKey: 'flood-response' }, t)).toBe('Mở sự cố và chạy quy trình: flood-response');
    expect(describeValue('action', { type: 'notify' }, t)).toBe('Chỉ ghi nhận (không mở sự cố)');
    // What has no wording of its own stays exact.
    expect(describeValue('levels', [{ severity: 'warning', conditions: { all: [] } }], t)).toBe('[{"severity":"warning","conditions":{"all":[]}}]');
    expect(describeValue('action', { type: 'open-incident', title: 'Ngập' }, t)).toBe('{"type":"open-incident","title":"Ngập"}');
    expect(describeValue('correlationKey', 'flood:{{source}}', t)).toBe('flood:{{source}}');
    expect(describeValue('sustainedFor', null, t)).toBeNull();
  });

  it('names element types in both languages, unknown ones by their own name', () => {
    expect(typeLabel('userTask', t)).toBe('Bước do người xử lý');
    expect(typeLabel('sequenceFlow', (k) => en[k] ?? k)).toBe('Flow');
    expect(typeLabel('somethingNew', t)).toBe('somethingNew');
  });

  it('marks added and changed elements on the proposed diagram, removed and changed on the running one', () => {
    const elements: ChangedElement[] = [
      { id: 'a', name: null, type: 'userTask', change: 'added' },
      { id: 'c', name: null, type: 'userTask', change: 'changed' },
      { id: 'r', name: null, type: 'sequenceFlow', change: 'removed' },
    ];
    expect(diagramMarks(elements, 'proposed')).toEqual({ a: 'added', c: 'changed' });
    expect(diagramMarks(elements, 'current')).toEqual({ c: 'changed', r: 'removed' });
  });

  it('says each refusal in words, keeping the server’s own message', () => {
    expect(describeFailure(error(403, { error: 'four eyes: the author of a change cannot approve it' }), 'approve', 'rule', 'Ngưỡng').key).toBe('changes.error.ownChange');
    expect(describeFailure(error(403, { error: 'only the author of a change request may withdraw it' }), 'withdraw', 'rule', 'Ngưỡng').key).toBe('changes.error.forbidden');
    const stale = describeFailure(error(409, { error: 'rule flood changed since this request was made (version 1 then, 2 now)' }), 'approve', 'rule', 'Ngưỡng');
    expect(stale).toMatchObject({ key: 'changes.error.stale', params: { entity: 'Ngưỡng' }, detail: expect.stringContaining('version 1 then') });
    expect(describeFailure(error(409, { error: 'this change request is approved, not pending' }), 'reject', 'sop', 'SOP').key).toBe('changes.error.notPending');
    const compile = describeFailure(error(422, { error: 'SOP does not compile', errors: [{ elementId: 'verify', message: 'no such form' }] }), 'approve', 'sop', 'SOP');
    expect(compile).toMatchObject({ key: 'changes.error.compile', params: { count: 1 }, problems: [{ elementId: 'verify', message: 'no such form' }] });
    expect(describeFailure(error(500, { error: 'boom' }), 'approve', 'sop', 'SOP')).toMatchObject({ key: 'changes.error.detail', params: { message: 'boom' } });
  });
});
