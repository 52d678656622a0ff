import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { Refusal, createFirstAdmin } from '../../scripts/create-admin';
import { Audit, Unit, User } from '../../model';
import { TestStack } from '../support/test-stack';

const run = promisify(execFile);
const STRONG = 'đêm-mưa-suối-rạt-2026';

/** `npm run admin:create`: the first admin of a production database (no demo accounts there). */
describe('creating the first admin', () => {
  let stack: TestStack;
  const request = (over: Partial<Parameters<typeof createFirstAdmin>[0]> = {}) =>
    createFirstAdmin({ username: 'admin.thanhpho', displayName: 'Quản trị thành phố', password: STRONG, unit: 'city', unitName: 'Thành phố Đồng Xoài', ...over });

  beforeAll(async () => {
    stack = await TestStack.start('create_admin');
  });
  afterAll(async () => stack?.close());

  it('refuses while an enabled admin exists (the demo has some)', async () => {
    await expect(request()).rejects.toThrow(new Refusal('an enabled admin exists already: sign in as them and create more admins in the admin app'));
    expect(await User.exists({ _id: 'admin.thanhpho' })).toBeNull();
  });

  it('on an empty database creates the root unit and the admin, who can sign in; audited as bootstrap', async () => {
    await User.deleteMany({});
    await Unit.deleteMany({});
    await expect(request({ password: 'short' })).rejects.toThrow(/CITYOPS_ADMIN_PASSWORD: at least 12 characters/);
    await expect(request({ username: 'Bad Name' })).rejects.toThrow(/--username/);
    expect(await request()).toEqual({ unitCreated: true });
    expect(await Unit.findById('city').lean()).toMatchObject({ name: 'Thành phố Đồng Xoài', kind: 'city' });
    const login = await stack.request('POST', '/api/auth/login', { body: { username: 'admin.thanhpho', password: STRONG } });
    expect(login.status).toBe(200);
    expect(login.body.user).toMatchObject({ username: 'admin.thanhpho', roles: ['admin'], unit: 'city' });
    expect(await Audit.find({ actor: 'bootstrap' }).sort({ at: 1 }).lean()).toEqual([
      expect.objectContaining({ action: 'unit.created', entityId: 'city' }),
      expect.objectContaining({ action: 'user.created', entityId: 'admin.thanhpho' }),
    ]);
    // Once: the next run is refused.
    await expect(request({ username: 'admin.hai' })).rejects.toThrow(Refusal);
  });

  it('the command reads the password from the environment only, and says what is missing', async () => {
    const root = path.join(__dirname, '..', '..');
    const env = { ...process.env, MONGODB_URI: stack.state.mongoUri, CITYOPS_DB_NAME: stack.dbName, CITYOPS_ADMIN_PASSWORD: '' };
    const failed = await run(process.execPath, ['--import', 'tsx', 'scripts/create-admin.ts', '--username', 'admin.ba'], { cwd: root, env }).then(
      () => undefined,
      (err: { code: number; stderr: string }) => err,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain('set CITYOPS_ADMIN_PASSWORD');
  });
});
