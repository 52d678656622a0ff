import type { Router } from 'express';
import type { UnitScope } from '../org/unit-scope';
import { LoginThrottleService } from './login-throttle';
import { requireAuth, type RequireAuth } from './middleware';
import { authRouter } from './router';
import { SessionPruner } from './session-pruner';
import { SessionService } from './session-service';
import { DEFAULT_SESSION_SETTINGS, type SessionSettings } from './session-settings';
import { TokenService } from './tokens';

export interface AuthKit {
  tokens: TokenService;
  sessions: SessionService;
  throttle: LoginThrottleService;
  requireAuth: RequireAuth;
  /** Mount at `/api/auth`. */
  router: Router;
  settings: SessionSettings;
  /** Deletes ended sessions and lapsed sign-in records: `start()` with the app's other loops, `stop()` before closing. */
  pruner: SessionPruner;
}

/** Everything sign-in needs, wired once: the app mounts `router` and puts `requireAuth` before the API. */
export function createAuthKit(secret: string, scope: UnitScope, overrides: Partial<SessionSettings> = {}): AuthKit {
  const settings = { ...DEFAULT_SESSION_SETTINGS, ...overrides };
  const tokens = new TokenService(secret, settings.accessTtlSeconds, settings.now);
  const sessions = new SessionService(settings);
  const throttle = new LoginThrottleService(settings);
  const guard = requireAuth(tokens, scope, sessions);
  return {
    tokens,
    sessions,
    throttle,
    requireAuth: guard,
    router: authRouter({ tokens, sessions, throttle, settings, requireAuth: guard }),
    settings,
    pruner: new SessionPruner(settings),
  };
}
