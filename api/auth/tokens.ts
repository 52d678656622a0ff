import jwt from 'jsonwebtoken';
import type { Role } from '../../model';

export interface TokenClaims {
  sub: string;
  roles: Role[];
  unit: string;
  /** The session the token belongs to (checked on every request, so logout stops it). */
  sid?: string;
}

export class TokenService {
  constructor(
    private readonly secret: string,
    private readonly ttlSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  get ttl(): number {
    return this.ttlSeconds;
  }

  issue(claims: TokenClaims): string {
    const iat = Math.floor(this.now() / 1000);
    return jwt.sign({ roles: claims.roles, unit: claims.unit, iat, ...(claims.sid ? { sid: claims.sid } : {}) }, this.secret, {
      subject: claims.sub,
      expiresIn: this.ttlSeconds,
      algorithm: 'HS256',
      issuer: 'cityops',
    });
  }

  /** Returns the claims, or undefined for a token that is malformed, forged or expired. */
  verify(token: string): TokenClaims | undefined {
    try {
      const payload = jwt.verify(token, this.secret, { algorithms: ['HS256'], issuer: 'cityops', clockTimestamp: Math.floor(this.now() / 1000) });
      if (typeof payload === 'string' || !payload.sub) return undefined;
      return { sub: payload.sub, roles: payload.roles as Role[], unit: payload.unit as string, ...(typeof payload.sid === 'string' ? { sid: payload.sid } : {}) };
    } catch {
      return undefined;
    }
  }
}
