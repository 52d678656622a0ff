import { spawn } from 'node:child_process';
import path from 'node:path';
import { loadConfig } from '../../platform/config';
import { DEMO_PASSWORD, TestStack } from '../../test/support/test-stack';
import { refuseUnsafeProduction, usersWithDemoPassword } from './production-check';

const SECRET = 'q3T9vL0x8RkP2mZc7YwB4nHs6JdF1gUe5aKoXiVt';

describe('production start', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await TestStack.start('production-start');
  });
  afterAll(async () => {
    await stack.close();
  });

  it('refuses a database whose users still have the demo password, naming them', async () => {
    expect(await usersWithDemoPassword([DEMO_PASSWORD])).toEqual(expect.arrayContaining(['admin', 'operator.tanphu']));
    const config = loadConfig({ CITYOPS_JWT_SECRET: SECRET, CITYOPS_DEMO_PASSWORD: DEMO_PASSWORD });
    await expect(refuseUnsafeProduction(config, { NODE_ENV: 'production' }, { checkUsers: true })).rejects.toThrow(/users still have the demo password: .*admin/);
    await expect(refuseUnsafeProduction(config, { NODE_ENV: 'development' }, { checkUsers: true })).resolves.toBeUndefined();
  });

  it('refuses four eyes off, which is for the demo dataset only', async () => {
    const off = loadConfig({ CITYOPS_JWT_SECRET: SECRET, CITYOPS_FOUR_EYES: 'off' });
    await expect(refuseUnsafeProduction(off, { CITYOPS_ENV: 'production' }, { checkUsers: false })).rejects.toThrow(/CITYOPS_FOUR_EYES=off is for the demo dataset only/);
    await expect(refuseUnsafeProduction(off, {}, { checkUsers: false })).resolves.toBeUndefined();
    // On by default.
    await expect(refuseUnsafeProduction(loadConfig({ CITYOPS_JWT_SECRET: SECRET }), { CITYOPS_ENV: 'production' }, { checkUsers: false })).resolves.toBeUndefined();
  });

  it('the API entry exits with a message naming the missing secret', async () => {
    const root = path.resolve(__dirname, '..', '..');
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'api', 'server.ts')], {
      cwd: root,
      env: { PATH: process.env.PATH, NODE_ENV: 'production', MONGODB_URI: stack.state.mongoUri, TEMPORAL_ADDRESS: stack.temporalAddress, PORT: '0' },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(output).toMatch(/refusing to start in production — CITYOPS_JWT_SECRET is not set/);
  });
});
