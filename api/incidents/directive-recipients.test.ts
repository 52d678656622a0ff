import { directiveSelectors } from './directive-recipients';

describe('who a directive notifies', () => {
  it('tells the assignee of a claimed step, else its candidate user, else its unit’s people with the step role', () => {
    expect(
      directiveSelectors([
        { assignee: 'operator.tanphu', unit: 'tan-phu', role: 'operator' },
        { candidateUser: 'operator.ioc', unit: 'ioc' },
        { unit: 'doi-chieu-sang', role: 'technician' },
        { unit: 'tan-phu' },
        {},
      ]),
    ).toEqual([{ user: 'operator.tanphu' }, { user: 'operator.ioc' }, { unit: 'doi-chieu-sang', role: 'technician' }, { unit: 'tan-phu', role: 'operator' }]);
  });
});
