import type { Config } from '../../platform/config';
import { User } from '../../model';
import { verifyPassword } from './passwords';

/** Secrets published in this repository's docs and examples, or obviously placeholders. */
const KNOWN_SECRETS = [/^change[-_ ]?me/i, /^secret/i, /^cityops/i, /^(.)\1+$/, /^x+$/i, /^0123456789/];

export const isProduction = (env: NodeJS.ProcessEnv) => env.NODE_ENV === 'production' || env.CITYOPS_ENV === 'production';

/** What makes the configuration unfit for production; pure, so it is tested without a server. */
export function secretProblems(config: Pick<Config, 'CITYOPS_JWT_SECRET' | 'CITYOPS_DEMO_PASSWORD'>): string[] {
  const secret = config.CITYOPS_JWT_SECRET;
  if (!secret) return ['CITYOPS_JWT_SECRET is not set (set a random secret of at least 32 characters)'];
  if (secret.length < 32) return ['CITYOPS_JWT_SECRET is shorter than 32 characters'];
  if (KNOWN_SECRETS.some((re) => re.test(secret)) || new Set(secret).size < 8) return ['CITYOPS_JWT_SECRET is a default or placeholder value: generate a random one'];
  return [];
}

/** Four eyes may be off for the demo dataset only. */
export function policyProblems(config: Pick<Config, 'CITYOPS_FOUR_EYES'>): string[] {
  return config.CITYOPS_FOUR_EYES === 'off' ? ['CITYOPS_FOUR_EYES=off is for the demo dataset only: SOP and rule changes need a second admin in production'] : [];
}

/** Users who still sign in with the demo password (or the built-in default one). One scrypt per user: run once at start. */
export async function usersWithDemoPassword(demoPasswords: string[]): Promise<string[]> {
  const users = await User.find({}, { passwordHash: 1 }).lean();
  const found: string[] = [];
  for (const u of users) {
    for (const pw of new Set(demoPasswords)) {
      if (await verifyPassword(pw, u.passwordHash)) {
        found.push(u._id);
        break;
      }
    }
  }
  return found;
}

export class ProductionRefusal extends Error {
  override name = 'ProductionRefusal';
}

/** Throws a ProductionRefusal naming each problem when `env` says production; does nothing otherwise. */
export async function refuseUnsafeProduction(config: Config, env: NodeJS.ProcessEnv, opts: { checkUsers: boolean }): Promise<void> {
  if (!isProduction(env)) return;
  const problems = [...secretProblems(config), ...policyProblems(config)];
  if (opts.checkUsers) {
    const demo = await usersWithDemoPassword([config.CITYOPS_DEMO_PASSWORD, 'cityops-demo']);
    if (demo.length) problems.push(`users still have the demo password: ${demo.join(', ')} (reset their passwords)`);
  }
  if (problems.length) throw new ProductionRefusal(`refusing to start in production — ${problems.join('; ')}`);
}
