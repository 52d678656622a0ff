import jwt from 'jsonwebtoken';
import type { Role } from '../../model';

export interface TokenClaims {
  sub: string;
  roles: Role[];
  unit: string;
}

export class TokenService {
  constructor(
    private readonly secret: string,
    private readonly ttlSeconds: number,
  ) {}

  issue(claims: TokenClaims): string {
    return jwt.sign({ roles: claims.roles, unit: claims.unit }, this.secret, { subject: claims.sub, expiresIn: this.ttlSeconds, algorithm: 'HS256', issuer: 'cityops' });
  }

  /** Returns the claims, or undefined for a token that is malformed, forged or expired. */
  verify(token: string): TokenClaims | undefined {
    try {
      const payload = jwt.verify(token, this.secret, { algorithms: ['HS256'], issuer: 'cityops' });
      if (typeof payload === 'string' || !payload.sub) return undefined;
      return { sub: payload.sub, roles: payload.roles as Role[], unit: payload.unit as string };
    } catch {
      return undefined;
    }
  }
}
