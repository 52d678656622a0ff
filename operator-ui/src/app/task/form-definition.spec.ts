import { forTaskPage } from './form-definition';

describe('forTaskPage', () => {
  it('drops Form.io submit buttons at any depth and keeps everything else', () => {
    const form = {
      key: 'flood-verify',
      version: 1,
      title: 'Xác minh',
      components: [
        { type: 'checkbox', key: 'confirmed', input: true },
        {
          type: 'columns',
          key: 'cols',
          columns: [
            {
              components: [
                { type: 'button', key: 'send', input: true },
                { type: 'number', key: 'n', input: true },
              ],
            },
          ],
        },
        { type: 'button', key: 'reset', action: 'reset', input: true },
        { type: 'button', key: 'submit', label: 'Hoàn thành', input: true, action: 'submit' },
      ],
    };
    const shown = forTaskPage(form);
    expect(shown.components.map((c) => c.key)).toEqual(['confirmed', 'cols', 'reset']);
    expect(shown.components[1]!.columns![0]!.components!.map((c) => c.key)).toEqual(['n']);
    expect(form.components).toHaveLength(4); // the definition itself is left alone
  });
});
