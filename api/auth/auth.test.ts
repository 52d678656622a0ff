import { hashPassword, verifyPassword } from './passwords';
import { TokenService } from './tokens';

describe('passwords', () => {
  it('hashes with a fresh salt and verifies only the right password', async () => {
    const a = await hashPassword('cityops-demo');
    const b = await hashPassword('cityops-demo');
    expect(a).not.toBe(b);
    expect(a.startsWith('scrypt$')).toBe(true);
    expect(await verifyPassword('cityops-demo', a)).toBe(true);
    expect(await verifyPassword('cityops-dem0', a)).toBe(false);
    expect(await verifyPassword('cityops-demo', 'garbage')).toBe(false);
  });
});

describe('TokenService', () => {
  const tokens = new TokenService('a'.repeat(40), 60);
  it('round-trips claims', () => {
    const t = tokens.issue({ sub: 'operator.tanphu', roles: ['operator'], unit: 'tan-phu' });
    expect(tokens.verify(t)).toEqual({ sub: 'operator.tanphu', roles: ['operator'], unit: 'tan-phu' });
  });
  it('refuses a token signed with another secret, and an expired one', () => {
    const forged = new TokenService('b'.repeat(40), 60).issue({ sub: 'admin', roles: ['admin'], unit: 'dong-xoai' });
    expect(tokens.verify(forged)).toBeUndefined();
    const expired = new TokenService('a'.repeat(40), -10).issue({ sub: 'admin', roles: ['admin'], unit: 'dong-xoai' });
    expect(tokens.verify(expired)).toBeUndefined();
  });
});
