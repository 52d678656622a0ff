import { componentAtPath, countComponents, keySource, parseComponents, splitProblems, suggestKey, withoutDiacritics, type FormComponent } from './form-draft';

const tree: FormComponent[] = [
  { type: 'textfield', key: 'street', label: 'Đường', input: true },
  {
    type: 'columns',
    key: 'cols',
    columns: [{ components: [{ type: 'number', key: 'street', label: 'Số nhà', input: true }] }, { components: [{ key: 'x', input: true }] }],
  },
];

describe('form designer logic', () => {
  it('suggests a key from a Vietnamese title', () => {
    expect(suggestKey('Xác minh ngập lụt qua camera')).toBe('xac-minh-ngap-lut-qua-camera');
    expect(suggestKey('  Đường Phú Riềng Đỏ!  ')).toBe('duong-phu-rieng-do');
    expect(suggestKey('a'.repeat(70) + ' b')).toHaveLength(63);
  });

  it('finds the component an API error path names, through columns', () => {
    expect(componentAtPath(tree, 'components.1.columns.0.components.0.key')).toEqual({
      component: tree[1]!.columns![0]!.components![0],
      path: 'components.1.columns.0.components.0',
      prop: 'key',
    });
    expect(componentAtPath(tree, 'components.0')).toEqual({ component: tree[0], path: 'components.0' });
    expect(componentAtPath(tree, 'components.7.key')).toBeNull();
    expect(componentAtPath(tree, 'title')).toBeNull();
  });

  it('puts the form’s own field errors apart from the components’, named for people', () => {
    const split = splitProblems(tree, {
      title: 'Too small',
      'components.1.columns.0.components.0.key': 'duplicate key "street" (also used at components.0)',
      'components.1.columns.1.components.0.type': 'a component needs a type',
    });
    expect(split.fields).toEqual({ title: 'Too small' });
    expect(split.components).toEqual([
      { name: 'Số nhà', path: 'components.1.columns.0.components.0.key', message: 'duplicate key "street" (also used at components.0)' },
      { name: 'x', path: 'components.1.columns.1.components.0.type', message: 'a component needs a type' },
    ]);
  });

  it('parses the JSON tab: an array, or a whole form schema', () => {
    expect(parseComponents('[{"type":"textfield","key":"a"}]')).toEqual({ components: [{ type: 'textfield', key: 'a' }] });
    expect(parseComponents('{"display":"form","components":[{"type":"number"}]}')).toEqual({ components: [{ type: 'number' }] });
    expect(parseComponents('{"type":"textfield"}')).toEqual({ error: 'not an array', notArray: true });
    expect(parseComponents('[1]')).toEqual({ error: 'not an array', notArray: true });
    expect('error' in parseComponents('[{')).toBe(true);
  });

  it('counts components, layout included', () => {
    expect(countComponents(tree)).toBe(4);
  });

  it('strips Vietnamese marks from the texts Form.io makes keys from', () => {
    expect(withoutDiacritics('Độ sâu nước (cm)')).toBe('Do sau nuoc (cm)');
    expect(keySource({ label: 'Vị trí cống', type: 'textfield', placeholder: 7 })).toEqual({ label: 'Vi tri cong', type: 'textfield', placeholder: 7 });
  });
});
