import { MAX_PASSWORD_LENGTH, passwordProblems } from './password-policy';
import { isProduction, secretProblems } from './production-check';

describe('passwordProblems (NIST 800-63B)', () => {
  const check = (pw: string) => passwordProblems(pw, { username: 'operator.tanphu' });
  it('accepts long passphrases of any characters, without composition rules', () => {
    expect(check('correct horse battery staple')).toEqual([]);
    expect(check('mưa lớn ở cầu suối rạt')).toEqual([]);
    expect(check('alllowercaseletters')).toEqual([]);
  });
  it('counts length in code points after NFKC normalisation', () => {
    expect(check('ngập lụt ở xã')).toEqual([]); // 13 code points
    expect(check('ngập lụt')).toEqual(['at least 12 characters']);
    expect(check('x'.repeat(MAX_PASSWORD_LENGTH) + 'yz')).toEqual(['at most 128 characters']);
  });
  it('refuses the user name, common passwords, one repeated character and the service name', () => {
    expect(check('OPERATOR.TANPHU-2026')).toEqual(['must not contain the user name']);
    expect(check('Password1234')).toEqual(['too common or easy to guess: choose another']);
    expect(check('zzzzzzzzzzzzzz')).toEqual(['too common or easy to guess: choose another']);
    expect(check('cityops-admin-2026')).toEqual(['too common or easy to guess: choose another']);
    expect(check('short')).toEqual(['at least 12 characters']);
  });
});

describe('production checks', () => {
  it('knows production from NODE_ENV or CITYOPS_ENV', () => {
    expect(isProduction({ NODE_ENV: 'production' })).toBe(true);
    expect(isProduction({ CITYOPS_ENV: 'production' })).toBe(true);
    expect(isProduction({ NODE_ENV: 'development' })).toBe(false);
  });
  it('names a missing, short or placeholder signing secret', () => {
    const demo = { CITYOPS_DEMO_PASSWORD: 'cityops-demo' };
    expect(secretProblems({ ...demo })).toEqual([expect.stringMatching(/CITYOPS_JWT_SECRET is not set/)]);
    expect(secretProblems({ ...demo, CITYOPS_JWT_SECRET: 'abc' })).toEqual([expect.stringMatching(/shorter than 32/)]);
    expect(secretProblems({ ...demo, CITYOPS_JWT_SECRET: 'change-me-change-me-change-me-change-me' })).toEqual([expect.stringMatching(/default or placeholder/)]);
    expect(secretProblems({ ...demo, CITYOPS_JWT_SECRET: 'a'.repeat(40) })).toEqual([expect.stringMatching(/default or placeholder/)]);
    expect(secretProblems({ ...demo, CITYOPS_JWT_SECRET: 'q3T9vL0x8RkP2mZc7YwB4nHs6JdF1gUe5aKoXiVt' })).toEqual([]);
  });
});
