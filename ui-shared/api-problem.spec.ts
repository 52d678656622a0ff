import { HttpErrorResponse } from '@angular/common/http';
import { apiProblem } from './api-problem';

describe('apiProblem', () => {
  it('puts each detail next to its field and keeps the message', () => {
    const err = new HttpErrorResponse({
      status: 400,
      error: {
        error: 'invalid backtest request',
        details: [
          { field: 'rule.levels.0.threshold.value', message: 'expected number' },
          { field: 'rule.levels.0.threshold.value', message: 'required' },
        ],
      },
    });
    expect(apiProblem(err)).toEqual({ status: 400, message: 'invalid backtest request', fields: { 'rule.levels.0.threshold.value': 'expected number; required' }, rules: {} });
  });

  it('maps SOP compile errors to element ids, and says when the server cannot be reached', () => {
    const compile = new HttpErrorResponse({ status: 422, error: { error: 'SOP does not compile', errors: [{ elementId: 'Task_1', message: 'no assignee' }] } });
    expect(apiProblem(compile).fields).toEqual({ Task_1: 'no assignee' });
    expect(apiProblem(new HttpErrorResponse({ status: 0 })).message).toMatch(/cannot be reached/);
  });
});
