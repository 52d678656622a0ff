import { Audit } from '../../model';
import { TestStack } from '../support/test-stack';

/** The forms API on the real FerretDB with the demo dataset: immutable versions, tree checks, server validation, SOP usage. */
describe('forms API', () => {
  let stack: TestStack;
  let admin: string;
  let operator: string;

  beforeAll(async () => {
    stack = await TestStack.start('forms-api');
    admin = await stack.login('admin');
    operator = await stack.login('operator.tanphu');
  });
  afterAll(async () => stack?.close());

  const inspection = {
    title: 'Kiểm tra cống',
    components: [
      { type: 'textfield', key: 'drain', label: 'Cống', input: true, validate: { required: true } },
      { type: 'number', key: 'depth', label: 'Độ sâu', input: true, validate: { max: 5 } },
      { type: 'button', key: 'submit', label: 'Gửi', input: true, action: 'submit' },
    ],
  };

  it('lists the demo forms and lets anyone signed in read them', async () => {
    const list = await stack.request('GET', '/api/forms', { token: operator });
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'flood-verify', title: 'Xác minh ngập lụt qua camera', latestVersion: 1 })]));
    const form = await stack.request('GET', '/api/forms/flood-verify', { token: operator });
    expect(form.body).toMatchObject({ id: 'flood-verify@1', key: 'flood-verify', version: 1 });
    expect(form.body.components.map((c: { key: string }) => c.key)).toEqual(['confirmed', 'notes', 'submit']);
    expect((await stack.request('GET', '/api/forms/no-such-form', { token: operator })).status).toBe(404);
  });

  it('stores each save as a new immutable version, audited; only admins save', async () => {
    expect((await stack.request('POST', '/api/forms/drain-check/versions', { token: operator, body: inspection })).status).toBe(403);
    const v1 = await stack.request('POST', '/api/forms/drain-check/versions', { token: admin, body: inspection });
    expect(v1.status).toBe(201);
    expect(v1.body).toMatchObject({ id: 'drain-check@1', version: 1, title: 'Kiểm tra cống' });
    const v2 = await stack.request('POST', '/api/forms/drain-check/versions', {
      token: admin,
      body: { title: 'Kiểm tra cống thoát nước', components: [{ type: 'textarea', key: 'notes', label: 'Ghi chú', input: true }] },
    });
    expect(v2.body).toMatchObject({ id: 'drain-check@2', version: 2 });

    // Version 1 is unchanged; the latest is version 2.
    const old = await stack.request('GET', '/api/forms/drain-check/versions/1', { token: operator });
    expect(old.body.title).toBe('Kiểm tra cống');
    expect(old.body.components).toEqual(inspection.components);
    expect((await stack.request('GET', '/api/forms/drain-check', { token: operator })).body.version).toBe(2);
    const versions = await stack.request('GET', '/api/forms/drain-check/versions', { token: operator });
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect((await stack.request('GET', '/api/forms/drain-check/versions/3', { token: operator })).status).toBe(404);
    const list = await stack.request('GET', '/api/forms', { token: admin });
    expect(list.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'drain-check', title: 'Kiểm tra cống thoát nước', latestVersion: 2 })]));

    const audits = await Audit.find({ entity: 'form', entityId: 'drain-check' }).lean();
    expect(audits.map((a) => (a.after as { version: number }).version).sort()).toEqual([1, 2]);
    expect(audits.every((a) => a.actor === 'admin' && a.action === 'form.version.created')).toBe(true);
  });

  it('refuses a component tree with 400 naming the component at fault', async () => {
    const nested = {
      title: 'Sai',
      components: [
        { type: 'textfield', key: 'street', label: 'Đường', input: true },
        { type: 'columns', key: 'cols', columns: [{ components: [{ type: 'number', key: 'street', label: 'Số nhà', input: true }] }, { components: [{ key: 'x', input: true }] }] },
      ],
    };
    const res = await stack.request('POST', '/api/forms/bad-form/versions', { token: admin, body: nested });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual(
      expect.arrayContaining([
        { field: 'components.1.columns.0.components.0.key', message: 'duplicate key "street" (also used at components.0)' },
        { field: 'components.1.columns.1.components.0.type', message: 'a component needs a type' },
      ]),
    );
    // Every problem at once: the title's and the components'.
    const noTitle = await stack.request('POST', '/api/forms/bad-form/versions', { token: admin, body: { ...nested, title: '' } });
    expect(noTitle.status).toBe(400);
    expect(noTitle.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'components.1.columns.0.components.0.key',
      'components.1.columns.1.components.0.type',
      'title',
    ]);
    expect((await stack.request('GET', '/api/forms/bad-form', { token: admin })).status).toBe(404);
  });

  it('validates a test submission on the server and returns per-field errors', async () => {
    const missing = await stack.request('POST', '/api/forms/flood-verify/preview-validate', { token: admin, body: { data: { confirmed: true } } });
    expect(missing.status).toBe(200);
    expect(missing.body).toMatchObject({ key: 'flood-verify', version: 1, valid: false, errors: [{ field: 'notes', message: 'Ghi chú is required' }] });
    const wrongType = await stack.request('POST', '/api/forms/flood-verify/preview-validate', { token: operator, body: { data: { confirmed: 'yes', notes: 'ok', extra: 1 } } });
    expect(wrongType.body.errors).toEqual([{ field: 'confirmed', message: 'Xác nhận có ngập must be a boolean', rule: 'type', limit: 'boolean' }]);
    const ok = await stack.request('POST', '/api/forms/flood-verify/preview-validate', { token: admin, body: { data: { confirmed: true, notes: 'Ngập 40 cm', extra: 1 } } });
    expect(ok.body).toMatchObject({ valid: true, errors: [], data: { confirmed: true, notes: 'Ngập 40 cm' } });
    expect(ok.body.data.extra).toBeUndefined();
  });

  it('finds the deployed SOP steps that use a form', async () => {
    const usage = await stack.request('GET', '/api/forms/flood-verify/usage', { token: operator });
    expect(usage.status).toBe(200);
    expect(usage.body.items).toEqual([
      { sopKey: 'flood-response', sopVersion: 1, sopName: expect.any(String), latestSopVersion: true, elementId: 'verify', elementName: 'Xác minh qua camera', formVersion: 1 },
    ]);
    expect((await stack.request('GET', '/api/forms/drain-check/usage', { token: admin })).body.items).toEqual([]);
  });
});
