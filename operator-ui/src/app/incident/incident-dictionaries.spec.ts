import { incidentContextText } from '../incident-context/incident-context.i18n';
import { sopDiagramText } from '../sop-diagram/sop-diagram.i18n';
import { incidentText } from './incident.i18n';

describe('the incident screens’ dictionaries', () => {
  it.each([
    ['incident', incidentText],
    ['incident context', incidentContextText],
    ['SOP diagram', sopDiagramText],
  ])('%s: every Vietnamese entry has its English one and no entry is empty', (_name, text) => {
    expect(Object.keys(text.en).sort()).toEqual(Object.keys(text.vi).sort());
    for (const value of [...Object.values(text.vi), ...Object.values(text.en)]) expect(value.trim()).not.toBe('');
  });

  it('uses the glossary’s words: sự cố, chỉ đạo, chuyển cấp, bản đồ', () => {
    expect(incidentText.vi['incident.title']).toBe('Sự cố');
    expect(incidentText.vi['thread.postDirective']).toBe('Gửi chỉ đạo');
    expect(incidentText.vi['ops.escalate']).toBe('Chuyển cấp');
    expect(incidentContextText.vi['context.map']).toBe('Bản đồ');
  });
});
