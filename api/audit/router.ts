import { Router } from 'express';
import { verifyAuditLog } from '../../model';
import { requireRole } from '../auth/middleware';
import { parseOr400 } from '../http-errors';
import { searchAudit } from './audit-service';
import { auditQuery } from './schemas';

/** `/api/audit`: who changed what and when, for admins and auditors. */
export function auditRouter(): Router {
  const router = Router();
  /** The hash chain's verdict: `{ok, count, headHash}` or the first broken link (seq, entryId, problem, detail). */
  router.get('/verify', requireRole('admin', 'auditor'), async (_req, res) => {
    res.json(await verifyAuditLog());
  });
  router.get('/', requireRole('admin', 'auditor'), async (req, res) => {
    res.json(await searchAudit(parseOr400(auditQuery, req.query, 'audit query')));
  });
  return router;
}
