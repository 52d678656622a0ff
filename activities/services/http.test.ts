import { isRetryableStatus, parseRetryAfter, redact } from './http';
import { renderBody } from './http-call';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-25T06:00:00Z');
  it('reads seconds and HTTP dates, capped at ten minutes', () => {
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('Wed, 25 Nov 2026 06:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('86400', now)).toBe(600_000);
  });
  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('Wed, 25 Nov 2026 05:00:00 GMT', now)).toBeUndefined();
  });
});

describe('isRetryableStatus', () => {
  it('retries 408, 429 and 5xx only', () => {
    expect([400, 401, 404, 408, 409, 422, 429, 500, 503].filter(isRetryableStatus)).toEqual([408, 429, 500, 503]);
  });
});

describe('redact', () => {
  it('hides credentials in URLs that end up in messages', () => {
    expect(redact('https://user:secret@example.org/x')).toBe('https://***@example.org/x');
    expect(redact('not a url')).toBe('not a url');
  });
});

describe('renderBody', () => {
  const vars = { name: 'a "quoted" name', n: 2, obj: { a: 1 } };
  it('sends objects as JSON with their strings rendered', () => {
    expect(renderBody({ who: '{{name}}', list: ['{{n}}'] }, vars)).toEqual({ body: '{"who":"a \\"quoted\\" name","list":["2"]}', contentType: 'application/json' });
  });
  it('renders a JSON template value by value, so quotes in variables stay valid JSON', () => {
    const r = renderBody('{"who": "{{name}}"}', vars);
    expect(JSON.parse(r!.body)).toEqual({ who: 'a "quoted" name' });
  });
  it('renders other templates as text, sent as JSON only when the result parses', () => {
    expect(renderBody('{"n": {{n}}, "obj": {{obj}}}', vars)).toEqual({ body: '{"n": 2, "obj": {"a":1}}', contentType: 'application/json' });
    expect(renderBody('n = {{n}}', vars)).toEqual({ body: 'n = 2', contentType: 'text/plain; charset=utf-8' });
  });
  it('has no body for nothing', () => {
    expect(renderBody(undefined, vars)).toBeUndefined();
    expect(renderBody('', vars)).toBeUndefined();
  });
});
