import { Router } from 'express';
import { currentUser, requireRole } from '../auth/middleware';
import { parseOr400 } from '../http-errors';
import type { ChangeApprover } from './approve-change';
import { loadChange, rejectChange, withdrawChange } from './change-requests';
import { changeDetail, changeSummary, listChanges } from './change-views';
import { approveBody, changeIdParam, listQuery, rejectBody, withdrawBody } from './schemas';

/**
 * `/api/changes`: SOP and rule changes awaiting a second admin (four eyes). Admins and auditors
 * read; admins decide — approve or reject another admin's request, withdraw their own.
 */
export function changesRouter(approver: ChangeApprover, policy: { fourEyes: boolean }): Router {
  const router = Router();
  const readers = requireRole('admin', 'auditor');

  router.get('/', readers, async (req, res) => {
    const query = parseOr400(listQuery, req.query, 'change query');
    res.json({ fourEyes: policy.fourEyes, items: await listChanges(currentUser(req), query) });
  });
  router.get('/:id', readers, async (req, res) => {
    const { id } = parseOr400(changeIdParam, req.params, 'change id');
    const request = await loadChange(id);
    res.json({ ...changeSummary(request, currentUser(req)), detail: await changeDetail(request) });
  });
  router.post('/:id/approve', requireRole('admin'), async (req, res) => {
    const { id } = parseOr400(changeIdParam, req.params, 'change id');
    const { note } = parseOr400(approveBody, req.body ?? {}, 'approval');
    await approver.approve(currentUser(req), id, note);
    res.json(changeSummary(await loadChange(id), currentUser(req)));
  });
  router.post('/:id/reject', requireRole('admin'), async (req, res) => {
    const { id } = parseOr400(changeIdParam, req.params, 'change id');
    const { reason } = parseOr400(rejectBody, req.body ?? {}, 'rejection');
    await rejectChange(currentUser(req), id, reason);
    res.json(changeSummary(await loadChange(id), currentUser(req)));
  });
  router.post('/:id/withdraw', requireRole('admin'), async (req, res) => {
    const { id } = parseOr400(changeIdParam, req.params, 'change id');
    parseOr400(withdrawBody, req.body ?? {}, 'withdrawal');
    await withdrawChange(currentUser(req), id);
    res.json(changeSummary(await loadChange(id), currentUser(req)));
  });
  return router;
}
