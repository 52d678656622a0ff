import { bearerMatches } from './bearer';

describe('bearerMatches', () => {
  const req = (authorization?: string) => ({ headers: authorization ? { authorization } : {} });
  it('accepts exactly the configured bearer token', () => {
    expect(bearerMatches(req('Bearer scraper-token-123456'), 'scraper-token-123456')).toBe(true);
    expect(bearerMatches(req('bearer scraper-token-123456'), 'scraper-token-123456')).toBe(true);
    expect(bearerMatches(req('Bearer scraper-token-12345'), 'scraper-token-123456')).toBe(false);
    expect(bearerMatches(req('ApiKey scraper-token-123456'), 'scraper-token-123456')).toBe(false);
    expect(bearerMatches(req(), 'scraper-token-123456')).toBe(false);
  });
  it('accepts nothing when no token is configured', () => {
    expect(bearerMatches(req('Bearer anything'), undefined)).toBe(false);
  });
});
