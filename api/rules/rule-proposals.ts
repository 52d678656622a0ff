import { Rule } from '../../model';
import type { AuthUser } from '../auth/middleware';
import { requestChange } from '../changes/change-requests';
import { changeSummary } from '../changes/change-views';
import { notFound } from '../http-errors';
import { checkRule, currentBodyWith } from './rule-service';
import type { RuleBody } from './schemas';

type Proposal = { kind: 'rule.save'; body: RuleBody } | { kind: 'rule.enable' | 'rule.disable' | 'rule.delete' };

/**
 * Under four eyes a rule change is asked for, not made: checked now (a bad rule is a 400 at once),
 * stored as a change request, live only once another admin approves it. Answers 202's body.
 */
export async function proposeRuleChange(user: AuthUser, key: string, proposal: Proposal) {
  let body: RuleBody | undefined;
  if (proposal.kind === 'rule.save') {
    checkRule(key, proposal.body);
    body = proposal.body;
  } else if (proposal.kind === 'rule.delete') {
    if (!(await Rule.exists({ _id: key }))) throw notFound('rule');
  } else {
    body = await currentBodyWith(key, proposal.kind === 'rule.enable');
  }
  const title = body?.name ?? (await Rule.findById(key, { name: 1 }).lean())?.name ?? key;
  const change = await requestChange(user, { kind: proposal.kind, key, title, ...(body ? { payload: body } : {}) });
  return { pendingApproval: true as const, change: changeSummary(change, user) };
}
