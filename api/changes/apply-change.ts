import { Rule, RuleVersion, SopVersion, type ChangeRequestDoc } from '../../model';
import { deleteRule, saveRule } from '../rules/rule-service';
import type { RuleBody } from '../rules/schemas';
import { deploySop } from '../sops/deploy-service';

const RULE_ACTIONS = { 'rule.save': 'rule.saved', 'rule.enable': 'rule.enabled', 'rule.disable': 'rule.disabled' } as const;

/**
 * Makes an approved change live, as its author asked and with the approver recorded: deploys the
 * SOP version or saves / deletes the rule. Returns the version that went live (null for a delete).
 * `resumed`: an earlier apply of this same request may have got through before a crash, so look
 * for its result (the version stamped with the request's id) before doing it again.
 */
export async function applyChange(request: ChangeRequestDoc & { _id: string }, approvedBy: string, resumed: boolean): Promise<number | null> {
  const approval = { approvedBy, changeId: request._id };
  const author = { username: request.requestedBy };
  const payload: unknown = request.payloadJson ? JSON.parse(request.payloadJson) : undefined;

  if (request.kind === 'sop.deploy') {
    if (resumed) {
      const done = await SopVersion.findOne({ key: request.key, changeId: request._id }, { version: 1 }).lean();
      if (done) return done.version;
    }
    const { bpmnXml } = payload as { bpmnXml: string };
    return (await deploySop({ key: request.key, bpmnXml, deployedBy: request.requestedBy, approval })).version;
  }
  if (request.kind === 'rule.delete') {
    if (resumed && !(await Rule.exists({ _id: request.key }))) return null;
    await deleteRule(author, request.key, approval);
    return null;
  }
  if (resumed) {
    const done = await RuleVersion.findOne({ key: request.key, changeId: request._id }, { version: 1 }).lean();
    if (done) return done.version ?? null;
  }
  const saved = (await saveRule(author, request.key, payload as RuleBody, RULE_ACTIONS[request.kind], approval)) as { version?: number };
  return saved.version ?? null;
}
