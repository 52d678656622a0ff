import { Schema, model } from 'mongoose';

/**
 * A signed-in session (one login, one "family" of refresh tokens). `_id` is an unguessable random id
 * carried in every access token, so checking a session is an exact-_id read. Only the SHA-256 of the
 * current refresh token is stored.
 */
const sessionSchema = new Schema(
  {
    _id: { type: String, required: true },
    user: { type: String, required: true },
    refreshHash: { type: String, required: true },
    createdAt: { type: Date, required: true },
    /** Last refresh or request (requests touch it at most once a minute). */
    lastUsedAt: { type: Date, required: true },
    /** The absolute end of the session, whatever its use. */
    expiresAt: { type: Date, required: true },
    revokedAt: { type: Date },
    revokedReason: { type: String },
    address: { type: String },
  },
  { versionKey: false },
);
export const Session = model('Session', sessionSchema, 'sessions');

/**
 * One document per refresh token ever used: `_id` = its hash. Inserting it is the use — of two
 * requests presenting the same token, exactly one inserts; the other (a replay, or a thief racing the
 * owner) finds the key taken and the whole session is revoked.
 */
const refreshUseSchema = new Schema(
  {
    _id: { type: String, required: true },
    session: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
export const RefreshUse = model('RefreshUse', refreshUseSchema, 'session_refresh_uses');

/**
 * Failed sign-ins per key (`user:<name>` or `address:<ip>`) in a fixed window, shared by every API
 * process through the database. Counting is a read then a write, so two processes may each miss one
 * failure of the other: the limit is approximate by a failure or two, which is fine for a lockout.
 */
const loginThrottleSchema = new Schema(
  {
    _id: { type: String, required: true },
    windowStart: { type: Date, required: true },
    failures: { type: Number, required: true },
    lockedUntil: { type: Date },
  },
  { versionKey: false },
);
export const LoginThrottle = model('LoginThrottle', loginThrottleSchema, 'login_throttle');
