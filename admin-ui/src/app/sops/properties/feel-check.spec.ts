import { durationIssue, feelIssue, literalOrFeelIssue } from './feel-check';

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
