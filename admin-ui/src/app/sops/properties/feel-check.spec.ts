import { durationIssue, feelIssue, literalOrFeelIssue, timerIssue } from './feel-check';

describe('FEEL and duration checks as the admin types', () => {
  it('accepts FEEL with or without the leading =', () => {
    expect(feelIssue('= verify.confirmed = true')).toBeUndefined();
    expect(feelIssue('count + 1')).toBeUndefined();
    expect(feelIssue('={count: count + 1}')).toBeUndefined();
  });

  it('names the character where the syntax breaks, and refuses an empty expression', () => {
    expect(feelIssue('= 1 +')).toEqual({ key: 'sops.check.feelAt', params: { at: expect.any(Number) } });
    expect(feelIssue('=')).toEqual({ key: 'sops.check.feelEmpty' });
  });

  it('takes ISO durations or FEEL for durations, and nothing else', () => {
    expect(durationIssue('PT15M')).toBeUndefined();
    expect(durationIssue('P1DT2H')).toBeUndefined();
    expect(durationIssue('')).toBeUndefined();
    expect(durationIssue('=incident.sla')).toBeUndefined();
    expect(durationIssue('15 minutes')).toEqual({ key: 'sops.check.duration' });
    expect(durationIssue('= (')).toMatchObject({ key: 'sops.check.feelAt' });
  });

  it('checks literal-or-FEEL fields only when they start with =', () => {
    expect(literalOrFeelIssue('tan-phu')).toBeUndefined();
    expect(literalOrFeelIssue('=incident.ward')).toBeUndefined();
    expect(literalOrFeelIssue('=incident.')).toMatchObject({ key: 'sops.check.feelAt' });
  });
});

describe('timer values', () => {
  it('checks each timer form, FEEL included', () => {
    expect(timerIssue('timeDuration', 'PT10M')).toBeUndefined();
    expect(timerIssue('timeDuration', '10')).toEqual({ key: 'sops.check.duration' });
    expect(timerIssue('timeDate', '2026-11-25T18:00:00+07:00')).toBeUndefined();
    expect(timerIssue('timeDate', '2026-11-25 18:00')).toEqual({ key: 'sops.check.timeDate' });
    expect(timerIssue('timeCycle', 'R3/PT10M')).toBeUndefined();
    expect(timerIssue('timeCycle', 'PT10M')).toEqual({ key: 'sops.check.timeCycle' });
    expect(timerIssue('timeCycle', '=incident.cycle')).toBeUndefined();
    expect(timerIssue('timeDuration', ' ')).toEqual({ key: 'sops.check.timerEmpty' });
  });
});
