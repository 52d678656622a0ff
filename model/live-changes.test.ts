import { LIVE_SLOT_MS, liveSlotOf, liveSlotsBetween } from './live-changes';

describe('live change slots', () => {
  const slotStart = 1_000 * LIVE_SLOT_MS;

  it('files a change under the slot its time falls in', () => {
    expect(liveSlotOf(slotStart)).toBe(1_000);
    expect(liveSlotOf(slotStart + LIVE_SLOT_MS - 1)).toBe(1_000);
    expect(liveSlotOf(new Date(slotStart + LIVE_SLOT_MS))).toBe(1_001);
  });

  it('a poll inside one slot reads that slot only', () => {
    expect(liveSlotsBetween(slotStart + 100, slotStart + 3_300)).toEqual([1_000]);
  });

  it('a poll across a slot boundary reads both slots, so a change just before the boundary is not missed', () => {
    expect(liveSlotsBetween(slotStart + LIVE_SLOT_MS - 1, slotStart + LIVE_SLOT_MS)).toEqual([1_000, 1_001]);
    expect(liveSlotsBetween(slotStart - 3_000, slotStart + 2 * LIVE_SLOT_MS)).toEqual([999, 1_000, 1_001, 1_002]);
  });
});
