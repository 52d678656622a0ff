import type { AuthUser } from '../auth/middleware';
import { MetricsService } from './metrics-service';
import { OrgTree } from './org-tree';
import { metricsQuery } from './schemas';

const org = new OrgTree([
  { _id: 'city', name: 'Thành phố', kind: 'city' },
  { _id: 'w1', name: 'Phường Một', kind: 'ward', parent: 'city' },
  { _id: 't1', name: 'Tổ', kind: 'team', parent: 'w1' },
]);
const leader: AuthUser = { username: 'leader', roles: ['leader'], unit: 'city', scopeUnits: ['city', 'w1', 't1'] };
const query = (q: Record<string, string>) => metricsQuery.parse(q);

describe('the incident filter of a metrics view', () => {
  const service = new MetricsService();
  it('narrows by SOP, severity and a unit subtree', () => {
    expect(service.filter(leader, query({ sop: 'flood-response', severity: 'critical', unit: 'w1' }), org)).toEqual({
      $and: [{}, { sopKey: 'flood-response' }, { severity: 'critical' }, { unit: { $in: ['w1', 't1'] } }],
    });
  });
  it('keeps city-wide incidents (no unit) when filtered to the city itself', () => {
    expect(service.filter(leader, query({ unit: 'city' }), org)).toEqual({
      $and: [{}, { $or: [{ unit: { $in: ['city', 'w1', 't1'] } }, { unit: { $exists: false } }, { unit: null }] }],
    });
  });
  it('applies the caller’s scope for anyone not a supervisor', () => {
    const operator: AuthUser = { username: 'op', roles: ['operator'], unit: 'w1', scopeUnits: ['w1', 't1'] };
    expect(service.filter(operator, query({}), org).$and).toEqual([{ $or: [{ unit: { $in: ['w1', 't1'] } }, { unit: { $exists: false } }] }]);
  });
  it('refuses a unit that does not exist (422)', () => {
    expect(() => service.filter(leader, query({ unit: 'nowhere' }), org)).toThrow(expect.objectContaining({ status: 422 }));
  });
});
