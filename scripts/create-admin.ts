/**
 * `npm run admin:create -- --username <name> [--name "<display name>"] [--unit <id>] [--unit-name "<name>"]`:
 * the first admin of a production database, which has no demo accounts (a production start refuses
 * demo passwords). Reads the password from CITYOPS_ADMIN_PASSWORD — never from the command line,
 * where `ps` and the shell history would keep it — and holds it to the same policy as the API. Uses
 * MONGODB_URI (or the embedded FerretDB of the data folder, which must be running). Starts no servers.
 *
 * Refuses when an enabled admin exists (more admins are made in the admin app, audited under a
 * name). With no org unit at all, creates the city's root unit (`--unit`, default `city`). Audited
 * as `bootstrap`. Exits 0 on success, 1 on a refusal (said why), 2 on a failure.
 */
import { parseArgs } from 'node:util';
import { passwordBreaches } from '../api/auth/password-policy';
import { hashPassword } from '../api/auth/passwords';
import { username as usernameSchema } from '../api/users/schemas';
import { Unit, User, audit } from '../model';
import { loadConfig } from '../platform/config';
import { connectDatabase, disconnectDatabase } from '../platform/database';

export class Refusal extends Error {}

export interface AdminRequest {
  username: string;
  displayName: string;
  password: string;
  unit: string;
  unitName: string;
}

/** Creates the first admin (and the root unit when there is none); the connection is the caller's. */
export async function createFirstAdmin(req: AdminRequest): Promise<{ unitCreated: boolean }> {
  const name = usernameSchema.safeParse(req.username);
  if (!name.success) throw new Refusal(`--username: ${name.error.issues[0]?.message ?? 'invalid'}`);
  const breaches = passwordBreaches(req.password, { username: req.username });
  if (breaches.length) throw new Refusal(`CITYOPS_ADMIN_PASSWORD: ${breaches.map((b) => b.message).join('; ')}`);
  if (await User.exists({ roles: 'admin', disabled: { $ne: true } })) throw new Refusal('an enabled admin exists already: sign in as them and create more admins in the admin app');
  let unitCreated = false;
  if (!(await Unit.exists({ _id: req.unit }))) {
    if (await Unit.exists({})) throw new Refusal(`--unit: no org unit '${req.unit}' (name an existing one)`);
    await Unit.create({ _id: req.unit, name: req.unitName, kind: 'city' });
    await audit({ actor: 'bootstrap', action: 'unit.created', entity: 'unit', entityId: req.unit, after: { name: req.unitName, kind: 'city' } });
    unitCreated = true;
  }
  try {
    await User.create({ _id: req.username, displayName: req.displayName, roles: ['admin'], unit: req.unit, passwordHash: await hashPassword(req.password), disabled: false });
  } catch (err) {
    if ((err as { code?: number }).code === 11000) throw new Refusal(`a user '${req.username}' exists already`);
    throw err;
  }
  await audit({ actor: 'bootstrap', action: 'user.created', entity: 'user', entityId: req.username, after: { displayName: req.displayName, roles: ['admin'], unit: req.unit } });
  return { unitCreated };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { username: { type: 'string' }, name: { type: 'string' }, unit: { type: 'string', default: 'city' }, 'unit-name': { type: 'string', default: 'Thành phố Đồng Xoài' } },
  });
  const password = process.env.CITYOPS_ADMIN_PASSWORD;
  if (!values.username) throw new Refusal('--username is required');
  if (!password) throw new Refusal('set CITYOPS_ADMIN_PASSWORD to the new admin’s password (not on the command line)');
  const config = loadConfig();
  await connectDatabase(config.mongoUri, config.CITYOPS_DB_NAME);
  try {
    const { unitCreated } = await createFirstAdmin({
      username: values.username,
      displayName: values.name ?? values.username,
      password,
      unit: values.unit,
      unitName: values['unit-name'],
    });
    process.stdout.write(`created admin '${values.username}' in unit '${values.unit}'${unitCreated ? ' (new root unit)' : ''}\n`);
    return 0;
  } finally {
    await disconnectDatabase();
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`admin:create: ${(err as Error).message}\n`);
      process.exit(err instanceof Refusal ? 1 : 2);
    },
  );
}
