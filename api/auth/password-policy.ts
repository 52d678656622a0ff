/**
 * Password rules after NIST SP 800-63B §5.1.1: a minimum length (12 here), a generous maximum, any
 * characters (compared after Unicode NFKC normalisation, lengths in code points), no composition
 * rules, and a check against a blocklist of common passwords and words from the context (the user
 * name, the service). No forced periodic change: a password changes when it may be compromised.
 */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 128;

/** Common passwords of 12+ characters (shorter ones already fail the length rule). */
const COMMON = new Set([
  '123456789012',
  '1234567890123',
  '12345678910',
  'qwertyuiopas',
  'qwerty123456',
  '1q2w3e4r5t6y',
  'password1234',
  'password12345',
  'password123456',
  'passwordpassword',
  'iloveyou1234',
  'abc123456789',
  'abcdefghijkl',
  'aaaaaaaaaaaa',
  '111111111111',
  '000000000000',
  'administrator',
  'administrator1',
  'admin1234567',
  'welcome12345',
  'letmein12345',
  'changeme1234',
  'matkhau12345',
  'matkhau123456',
  'vietnam12345',
  'dongxoai1234',
  'cityops-demo',
  'cityops12345',
  'cityopscityops',
]);

const normalise = (s: string) => s.normalize('NFKC');

/** A rule a candidate password breaks: `rule` (and `limit`) let a UI say it in the user's language; `message` is the API's words. */
export interface PasswordBreach {
  rule: 'minLength' | 'maxLength' | 'containsUsername' | 'common';
  message: string;
  limit?: number;
}

/** Every rule a candidate breaks; empty when it is acceptable. */
export function passwordBreaches(password: string, context: { username: string }): PasswordBreach[] {
  const pw = normalise(password);
  const length = [...pw].length;
  const lower = pw.toLowerCase();
  const breaches: PasswordBreach[] = [];
  if (length < MIN_PASSWORD_LENGTH) breaches.push({ rule: 'minLength', limit: MIN_PASSWORD_LENGTH, message: `at least ${MIN_PASSWORD_LENGTH} characters` });
  if (length > MAX_PASSWORD_LENGTH) breaches.push({ rule: 'maxLength', limit: MAX_PASSWORD_LENGTH, message: `at most ${MAX_PASSWORD_LENGTH} characters` });
  const name = context.username.toLowerCase();
  if (name && lower.includes(name)) breaches.push({ rule: 'containsUsername', message: 'must not contain the user name' });
  if (COMMON.has(lower) || /^(.)\1+$/u.test(pw) || lower.startsWith('cityops')) breaches.push({ rule: 'common', message: 'too common or easy to guess: choose another' });
  return breaches;
}

/** Every rule a candidate breaks, as messages for the `password` field; empty when it is acceptable. */
export function passwordProblems(password: string, context: { username: string }): string[] {
  return passwordBreaches(password, context).map((b) => b.message);
}
