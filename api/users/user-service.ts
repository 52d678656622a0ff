import { randomBytes } from 'node:crypto';
import { Unit, User, audit } from '../../model';
import { passwordBreaches } from '../auth/password-policy';
import { hashPassword } from '../auth/passwords';
import type { SessionService } from '../auth/session-service';
import { badRequest, conflict, notFound, unprocessable } from '../http-errors';
import type { CreateUserBody, UpdateUserBody } from './schemas';

export interface UserView {
  username: string;
  displayName: string;
  roles: string[];
  unit: string;
  email: string | null;
  disabled: boolean;
  createdAt?: Date;
  updatedAt?: Date;
}

/** Fields read from the store: never the password hash. */
const PUBLIC = { displayName: 1, roles: 1, unit: 1, email: 1, disabled: 1, createdAt: 1, updatedAt: 1 } as const;

/** Accounts, for admins. Audit entries carry profiles only: no hashes, no passwords. */
export class UserService {
  constructor(private readonly sessions?: SessionService) {}

  async list(): Promise<UserView[]> {
    const docs = await User.find({}, PUBLIC).sort({ _id: 1 }).lean();
    return docs.map(toView);
  }

  async create(actor: string, input: CreateUserBody): Promise<UserView> {
    checkPassword(input.password, input.username);
    await checkUnit(input.unit);
    const { username, password, ...profile } = input;
    try {
      await User.create({ _id: username, ...profile, passwordHash: await hashPassword(password), disabled: false });
    } catch (err) {
      if ((err as { code?: number }).code === 11000) throw conflict(`user '${username}' already exists`, [{ field: 'username', message: 'already exists' }]);
      throw err;
    }
    const view = await this.get(username);
    await audit({ actor, action: 'user.created', entity: 'user', entityId: username, after: auditable(view) });
    return view;
  }

  async update(actor: string, username: string, input: UpdateUserBody): Promise<UserView> {
    const before = await this.get(username);
    await checkUnit(input.unit);
    if (actor === username && before.roles.includes('admin') && !input.roles.includes('admin'))
      throw unprocessable('you cannot remove your own admin role', [{ field: 'roles', message: 'another admin must do this' }]);
    const update = {
      $set: { displayName: input.displayName, roles: input.roles, unit: input.unit, ...(input.email ? { email: input.email } : {}) },
      ...(input.email ? {} : { $unset: { email: 1 } }),
    };
    await User.updateOne({ _id: username }, update);
    const after = await this.get(username);
    await audit({ actor, action: 'user.updated', entity: 'user', entityId: username, before: auditable(before), after: auditable(after) });
    return after;
  }

  /** Disabled accounts cannot log in, and their tokens stop working (requireAuth reads the account on every request). */
  async setDisabled(actor: string, username: string, disabled: boolean): Promise<UserView> {
    if (disabled && actor === username) throw unprocessable('you cannot disable your own account');
    const before = await this.get(username);
    await User.updateOne({ _id: username }, { $set: { disabled } });
    if (disabled) await this.sessions?.revokeAllOf(username, 'account-disabled');
    const after = await this.get(username);
    await audit({ actor, action: disabled ? 'user.disabled' : 'user.enabled', entity: 'user', entityId: username, before: { disabled: before.disabled }, after: { disabled } });
    return after;
  }

  /** Sets the given password, or a generated one which is returned this once and stored only as a hash. */
  async resetPassword(actor: string, username: string, password?: string): Promise<{ username: string; password?: string }> {
    await this.get(username);
    if (password !== undefined) checkPassword(password, username);
    const chosen = password ?? generatePassword();
    await User.updateOne({ _id: username }, { $set: { passwordHash: await hashPassword(chosen) } });
    // Whoever held the old password is signed out everywhere.
    const ended = (await this.sessions?.revokeAllOf(username, 'password-reset')) ?? 0;
    await audit({ actor, action: 'user.password-reset', entity: 'user', entityId: username, after: { generated: !password, sessionsEnded: ended } });
    return password ? { username } : { username, password: chosen };
  }

  async get(username: string): Promise<UserView> {
    const doc = await User.findById(username, PUBLIC).lean();
    if (!doc) throw notFound('user');
    return toView(doc);
  }
}

/** 16 characters from 96 random bits, URL-safe so it can be read out and typed. */
export function generatePassword(): string {
  return randomBytes(12).toString('base64url');
}

/** 400 naming the `password` field with each rule it breaks and its limit (NIST 800-63B, see password-policy.ts), so a UI can word it. */
function checkPassword(password: string, username: string): void {
  const breaches = passwordBreaches(password, { username });
  if (breaches.length)
    throw badRequest(
      'password does not meet the policy',
      breaches.map((b) => ({ field: 'password', ...b })),
    );
}

async function checkUnit(unit: string): Promise<void> {
  if (!(await Unit.exists({ _id: unit }))) throw unprocessable('unknown org unit', [{ field: 'unit', message: `unknown org unit '${unit}'` }]);
}

function toView(doc: {
  _id: string;
  displayName: string;
  roles: string[];
  unit: string;
  email?: string | null;
  disabled?: boolean | null;
  createdAt?: Date;
  updatedAt?: Date;
}): UserView {
  return {
    username: doc._id,
    displayName: doc.displayName,
    roles: doc.roles,
    unit: doc.unit,
    email: doc.email ?? null,
    disabled: !!doc.disabled,
    ...(doc.createdAt ? { createdAt: doc.createdAt } : {}),
    ...(doc.updatedAt ? { updatedAt: doc.updatedAt } : {}),
  };
}

function auditable(view: UserView) {
  return { displayName: view.displayName, roles: view.roles, unit: view.unit, email: view.email, disabled: view.disabled };
}
