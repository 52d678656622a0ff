import { Router } from 'express';
import { requireRole } from '../auth/middleware';
import { parseOr400 } from '../http-errors';
import { searchAudit } from './audit-service';
import { auditQuery } from './schemas';

/** `/api/audit`: who changed what and when, for admins and auditors. */
export function auditRouter(): Router {
  const router = Router();
  router.get('/', requireRole('admin', 'auditor'), async (req, res) => {
    res.json(await searchAudit(parseOr400(auditQuery, req.query, 'audit query')));
  });
  return router;
}
