import { EMPTY_AUDIT_FILTER, auditQueryString, cityTimeToIso } from './audit-query';

describe('audit filters → query string', () => {
  it('sends only the filters that are set, with the page size', () => {
    expect(auditQueryString(EMPTY_AUDIT_FILTER, { limit: 50 })).toBe('limit=50');
    expect(auditQueryString({ ...EMPTY_AUDIT_FILTER, actor: ' admin ', entity: 'user', entityId: 'operator.team', action: 'user.disabled' }, { limit: 50 })).toBe(
      'actor=admin&entity=user&entityId=operator.team&action=user.disabled&limit=50',
    );
  });

  it('turns city wall-clock times into ISO times with the +07:00 offset, and passes the cursor', () => {
    const q = new URLSearchParams(
      auditQueryString(
        { ...EMPTY_AUDIT_FILTER, from: '2026-11-25T08:30', to: '2026-11-25T17:00' },
        { limit: 100, cursor: { before: '2026-11-25T09:00:00.000Z', beforeId: 'mid-9' } },
      ),
    );
    expect(q.get('from')).toBe('2026-11-25T08:30:00+07:00');
    expect(q.get('to')).toBe('2026-11-25T17:00:00+07:00');
    expect(q.get('before')).toBe('2026-11-25T09:00:00.000Z');
    expect(q.get('beforeId')).toBe('mid-9');
    expect(new Date(q.get('from')!).toISOString()).toBe('2026-11-25T01:30:00.000Z');
  });

  it('leaves out a time that is not a datetime-local value', () => {
    expect(cityTimeToIso('')).toBeUndefined();
    expect(cityTimeToIso('yesterday')).toBeUndefined();
    expect(cityTimeToIso('2026-11-25T08:30:15')).toBe('2026-11-25T08:30:15+07:00');
    expect(auditQueryString({ ...EMPTY_AUDIT_FILTER, from: 'soon' }, { limit: 10, cursor: null })).toBe('limit=10');
  });

  it('encodes values safely', () => {
    expect(auditQueryString({ ...EMPTY_AUDIT_FILTER, entityId: 'flood-sensor/a b&c' }, { limit: 1 })).toBe('entityId=flood-sensor%2Fa+b%26c&limit=1');
  });
});
