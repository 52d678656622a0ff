/** Session and sign-in limits; every duration is injectable so tests need not wait minutes. */
export interface SessionSettings {
  /** Access-token lifetime. */
  accessTtlSeconds: number;
  /** A session not used for this long cannot refresh (nor be used). */
  idleTimeoutSeconds: number;
  /** A session ends this long after sign-in, however it is used. */
  absoluteLifetimeSeconds: number;
  /** How long a process trusts what it read about a session (logout reaches other processes within this). */
  sessionCacheMs: number;
  /** Failed sign-ins per user name within `lockoutWindowSeconds` before the name is locked. */
  maxFailuresPerUser: number;
  /** Failed sign-ins per client address within the window before the address is locked (higher: offices share NAT). */
  maxFailuresPerAddress: number;
  lockoutWindowSeconds: number;
  lockoutSeconds: number;
  /** Ended sessions (revoked, or past their absolute end) are deleted this long after they ended. */
  sessionRetentionSeconds: number;
  /** How often the API process prunes ended sessions, used refresh tokens and lapsed throttle windows. */
  pruneEveryMs: number;
  /** The clock, ms since epoch. */
  now: () => number;
}

export const DEFAULT_SESSION_SETTINGS: SessionSettings = {
  accessTtlSeconds: 15 * 60,
  idleTimeoutSeconds: 30 * 60,
  absoluteLifetimeSeconds: 12 * 3600,
  sessionCacheMs: 5000,
  maxFailuresPerUser: 5,
  maxFailuresPerAddress: 20,
  lockoutWindowSeconds: 15 * 60,
  lockoutSeconds: 15 * 60,
  sessionRetentionSeconds: 30 * 24 * 3600,
  pruneEveryMs: 3600_000,
  now: () => Date.now(),
};
