import type { AuthUser } from '../auth/middleware';
import { canHear } from './audience';

const operator: AuthUser = { username: 'operator.tanphu', roles: ['operator'], unit: 'tan-phu', scopeUnits: ['tan-phu', 'kp-1'] };
const leader: AuthUser = { username: 'leader', roles: ['leader'], unit: 'city', scopeUnits: ['city'] };
const admin: AuthUser = { username: 'admin', roles: ['admin'], unit: 'city', scopeUnits: ['city'] };

describe('who hears a live change', () => {
  it('lets operators hear their unit subtree and nothing of another unit', () => {
    expect(canHear(operator, { entity: 'task', unit: 'tan-phu', users: [] })).toBe(true);
    expect(canHear(operator, { entity: 'incident', unit: 'kp-1', users: [] })).toBe(true);
    expect(canHear(operator, { entity: 'task', unit: 'tien-thanh', users: [] })).toBe(false);
    expect(canHear(operator, { entity: 'incident', unit: 'tien-thanh', users: [] })).toBe(false);
    expect(canHear(operator, { entity: 'comment', unit: 'tien-thanh', users: ['operator.tienthanh'] })).toBe(false);
  });

  it('lets operators hear what names them, whatever its unit', () => {
    expect(canHear(operator, { entity: 'task', unit: 'ioc', users: ['operator.tanphu'] })).toBe(true);
    expect(canHear(operator, { entity: 'comment', unit: 'tien-thanh', users: ['operator.tanphu'] })).toBe(true);
    expect(canHear(operator, { entity: 'task', unit: null, users: ['operator.tanphu'] })).toBe(true);
  });

  it('lets operators hear city-wide incidents and their comments, but not a unitless task naming someone else', () => {
    expect(canHear(operator, { entity: 'incident', unit: null, users: [] })).toBe(true);
    expect(canHear(operator, { entity: 'comment', unit: null, users: [] })).toBe(true);
    expect(canHear(operator, { entity: 'task', unit: null, users: ['operator.ioc'] })).toBe(false);
  });

  it('lets leaders and admins hear everything', () => {
    for (const user of [leader, admin]) {
      expect(canHear(user, { entity: 'task', unit: 'tien-thanh', users: [] })).toBe(true);
      expect(canHear(user, { entity: 'task', unit: null, users: ['operator.ioc'] })).toBe(true);
    }
  });
});
