import { inputComponents, validateSubmission } from './validate-submission';

const components = [
  { type: 'checkbox', key: 'confirmed', label: 'Confirmed', input: true },
  { type: 'panel', key: 'p', input: false, components: [{ type: 'textarea', key: 'notes', label: 'Notes', input: true, validate: { required: true, maxLength: 10 } }] },
  { type: 'number', key: 'people', label: 'People', input: true, validate: { min: 1 } },
  { type: 'button', key: 'submit', label: 'Submit', input: true },
];

describe('validateSubmission', () => {
  it('accepts a valid submission and drops keys that are not form inputs', () => {
    expect(validateSubmission(components, { confirmed: true, notes: 'ok', people: 2, $where: 'x', submit: true })).toEqual({
      data: { confirmed: true, notes: 'ok', people: 2 },
      errors: [],
    });
  });

  it('names a missing required field', () => {
    expect(validateSubmission(components, { confirmed: true }).errors).toEqual([{ field: 'notes', message: 'Notes is required', rule: 'required' }]);
  });

  it('rejects values of the wrong type that Form.io alone lets through', () => {
    const { errors } = validateSubmission(components, { confirmed: 'yes', notes: 'ok', people: 'many' });
    expect(errors.map((e) => e.field).sort()).toEqual(['confirmed', 'people']);
  });

  it('applies min and maxLength', () => {
    const { errors } = validateSubmission(components, { notes: 'far too long text', people: 0 });
    expect(errors).toEqual([
      { field: 'notes', message: 'Notes must have at most 10 characters', rule: 'maxLength', limit: '10' },
      { field: 'people', message: 'People must be at least 1', rule: 'min', limit: '1' },
    ]);
  });

  it('finds inputs inside layout components', () => {
    expect(inputComponents(components).map((c) => c.key)).toEqual(['confirmed', 'notes', 'people']);
  });
});
