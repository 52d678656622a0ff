import { slaOutcome, tallyOf } from './sla';

const now = new Date('2026-11-10T12:00:00Z');
const due = new Date('2026-11-10T10:00:00Z');

describe('SLA of steps', () => {
  it('classifies each task against its due time', () => {
    expect(slaOutcome({ status: 'completed', dueAt: due, completedAt: due }, now)).toBe('met'); // on the dot is in time
    expect(slaOutcome({ status: 'completed', dueAt: due, completedAt: new Date(due.getTime() + 1) }, now)).toBe('missed');
    expect(slaOutcome({ status: 'open', dueAt: due }, now)).toBe('overdue');
    expect(slaOutcome({ status: 'claimed', dueAt: due }, now)).toBe('overdue');
    expect(slaOutcome({ status: 'claimed', dueAt: new Date('2026-11-10T13:00:00Z') }, now)).toBeNull(); // not due yet
    expect(slaOutcome({ status: 'completed', completedAt: now }, now)).toBeNull(); // no SLA
    expect(slaOutcome({ status: 'skipped', dueAt: due, completedAt: now }, now)).toBeNull();
    expect(slaOutcome({ status: 'cancelled', dueAt: due }, now)).toBeNull();
  });
  it('counts overdue open tasks as missed and apart', () => {
    const tasks = [
      { status: 'completed', dueAt: due, completedAt: new Date('2026-11-10T09:00:00Z') }, // met
      { status: 'completed', dueAt: due, completedAt: new Date('2026-11-10T09:59:00Z') }, // met
      { status: 'completed', dueAt: due, completedAt: new Date('2026-11-10T11:00:00Z') }, // missed
      { status: 'open', dueAt: due }, // overdue → missed
      { status: 'open', dueAt: new Date('2026-11-11T00:00:00Z') }, // not yet due
      { status: 'completed', completedAt: now }, // no due time
    ];
    // met 2, missed 1 + 1 overdue = 2, ratio 2 / 4 = 0.5
    expect(tallyOf(tasks, now)).toEqual({ met: 2, missed: 2, overdueOpen: 1, ratio: 0.5 });
    // 1 met of 3 counted → 0.3333
    expect(tallyOf([tasks[0]!, tasks[2]!, tasks[3]!], now).ratio).toBe(0.3333);
    expect(tallyOf([], now)).toEqual({ met: 0, missed: 0, overdueOpen: 0, ratio: null });
  });
});
