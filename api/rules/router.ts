import { Router } from 'express';
import { currentUser, requireRole } from '../auth/middleware';
import { parseOr400 } from '../http-errors';
import type { RuleStore } from '../../rules/rule-store';
import { proposeRuleChange } from './rule-proposals';
import { backtestRule, backtestStored, checkRule, deleteRule, getRule, listRuleVersions, listRules, saveRule, setRuleEnabled } from './rule-service';
import { backtestRange, backtestUnsaved, ruleBody, ruleKeyParam } from './schemas';

/**
 * `/api/rules`: any signed-in user reads; admins create, change (each change a new immutable
 * version), enable, disable, delete and backtest. Every change is audited and bumps the rules
 * counter, so every process reloads its compiled rules within a poll. Under four eyes a change
 * answers 202 with a change request instead; it goes live when another admin approves it.
 */
export function rulesRouter(store: Pick<RuleStore, 'invalidate'>, policy: { fourEyes: boolean }): Router {
  const router = Router();
  const changed = () => store.invalidate();

  router.get('/', async (_req, res) => {
    res.json(await listRules());
  });
  // Before `/:key`, which would otherwise take it for a key.
  router.post('/backtest', requireRole('admin'), async (req, res) => {
    const { rule, from, to } = parseOr400(backtestUnsaved, req.body ?? {}, 'backtest request');
    res.json(await backtestRule(checkRule('unsaved', rule), new Date(from), new Date(to)));
  });
  router.get('/:key', async (req, res) => {
    const { key } = parseOr400(ruleKeyParam, req.params, 'rule key');
    res.json(await getRule(key));
  });
  router.get('/:key/versions', async (req, res) => {
    const { key } = parseOr400(ruleKeyParam, req.params, 'rule key');
    res.json(await listRuleVersions(key));
  });
  router.put('/:key', requireRole('admin'), async (req, res) => {
    const { key } = parseOr400(ruleKeyParam, req.params, 'rule key');
    const body = parseOr400(ruleBody, req.body ?? {}, 'rule');
    if (policy.fourEyes) {
      res.status(202).json(await proposeRuleChange(currentUser(req), key, { kind: 'rule.save', body }));
      return;
    }
    const saved = await saveRule(currentUser(req), key, body);
    changed();
    res.json(saved);
  });
  for (const [path, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    router.post(`/:key/${path}`, requireRole('admin'), async (req, res) => {
      const { key } = parseOr400(ruleKeyParam, req.params, 'rule key');
      if (policy.fourEyes) {
        res.status(202).json(await proposeRuleChange(currentUser(req), key, { kind: enabled ? 'rule.enable' : 'rule.disable' }));
        return;
      }
      const saved = await setRuleEnabled(currentUser(req), key, enabled);
      changed();
      res.json(saved);
    });
  }
  router.delete('/:key', requireRole('admin'), async (req, res) => {
    const { key } = parseOr400(ruleKeyParam, req.params, 'rule key');
    if (policy.fourEyes) {
      res.status(202).json(await proposeRuleChange(currentUser(req), key, { kind: 'rule.delete' }));
      return;
    }
    await deleteRule(currentUser(req), key);
    changed();
    res.status(204).end();
  });
  router.post('/:key/backtest', requireRole('admin'), async (req, res) => {
    const { key } = parseOr400(ruleKeyParam, req.params, 'rule key');
    const { from, to } = parseOr400(backtestRange, req.body ?? {}, 'backtest range');
    res.json(await backtestStored(key, new Date(from), new Date(to)));
  });
  return router;
}
