import type { AuthUser } from '../auth/middleware';
import { bySla, taskScopeFilter } from './task-list';

const operator: AuthUser = { username: 'operator.tanphu', roles: ['operator'], unit: 'tan-phu', scopeUnits: ['tan-phu'] };
const admin: AuthUser = { username: 'admin', roles: ['admin'], unit: 'city', scopeUnits: ['city', 'tan-phu'] };

describe('inbox list', () => {
  it('puts the earliest due first and tasks without a due time last, oldest first', () => {
    const at = (m: number) => new Date(Date.UTC(2026, 10, 25, 10, m));
    const tasks = [
      { id: 'undated-new', createdAt: at(5) },
      { id: 'due-late', dueAt: at(50), createdAt: at(1) },
      { id: 'undated-old', createdAt: at(0) },
      { id: 'due-soon', dueAt: at(20), createdAt: at(3) },
    ];
    expect([...tasks].sort(bySla).map((t) => t.id)).toEqual(['due-soon', 'due-late', 'undated-old', 'undated-new']);
  });

  it('scopes the query: mine, my unit subtree, or all my role may see', () => {
    expect(taskScopeFilter(operator, 'mine')).toEqual({ $or: [{ assignee: 'operator.tanphu' }, { candidateUser: 'operator.tanphu', status: 'open' }] });
    expect(taskScopeFilter(operator, 'unit')).toEqual({ unit: { $in: ['tan-phu'] } });
    expect(taskScopeFilter(operator, 'all')).toEqual({ $or: [{ unit: { $in: ['tan-phu'] } }, { candidateUser: 'operator.tanphu' }, { assignee: 'operator.tanphu' }] });
    expect(taskScopeFilter(admin, 'all')).toEqual({});
  });
});
