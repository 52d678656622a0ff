import express, { Router } from 'express';
import { z } from 'zod';
import { currentUser, requireRole } from '../auth/middleware';
import { HttpError, badRequest, parseOr400 } from '../http-errors';
import { CsvFileError, parseKpiCsv } from './csv-values';
import { historyQuery, kpiBody, kpiKey } from './kpi-schema';
import { createKpi, deleteKpi, getKpi, history, listKpis, storeValues, updateKpi, type KpiRuleFeed } from './kpi-service';

/** Largest CSV upload (about 30,000 rows of a date, a value and a short note). */
export const KPI_CSV_LIMIT_BYTES = 1024 * 1024;
const csvParser = express.text({ type: ['text/csv', 'application/csv'], limit: KPI_CSV_LIMIT_BYTES });
const keyParam = z.object({ key: kpiKey });
const createBody = kpiBody.extend({ key: kpiKey });

/**
 * `/api/kpis`: the catalogue with each KPI's current value, status and colour (any signed-in user);
 * catalogue changes and CSV uploads of values (admins, audited).
 */
export function kpisRouter(rules?: KpiRuleFeed): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    res.json({ items: await listKpis() });
  });
  router.get('/:key', async (req, res) => {
    const { key } = parseOr400(keyParam, req.params, 'KPI key');
    res.json(await getKpi(key));
  });
  router.get('/:key/history', async (req, res) => {
    const { key } = parseOr400(keyParam, req.params, 'KPI key');
    const q = parseOr400(historyQuery, req.query, 'history range');
    res.json(await history(key, new Date(q.from), q.to ? new Date(q.to) : new Date()));
  });
  router.post('/', requireRole('admin'), async (req, res) => {
    const { key, ...body } = parseOr400(createBody, req.body ?? {}, 'KPI');
    res.status(201).json(await createKpi(currentUser(req), key, body));
  });
  router.put('/:key', requireRole('admin'), async (req, res) => {
    const { key } = parseOr400(keyParam, req.params, 'KPI key');
    res.json(await updateKpi(currentUser(req), key, parseOr400(kpiBody, req.body ?? {}, 'KPI')));
  });
  router.delete('/:key', requireRole('admin'), async (req, res) => {
    const { key } = parseOr400(keyParam, req.params, 'KPI key');
    await deleteKpi(currentUser(req), key);
    res.status(204).end();
  });
  router.post('/:key/values', requireRole('admin'), csvParser, async (req, res) => {
    const { key } = parseOr400(keyParam, req.params, 'KPI key');
    if (typeof req.body !== 'string') throw new HttpError(415, 'send the values as Content-Type: text/csv (period_start,value[,note])');
    let parsed;
    try {
      parsed = parseKpiCsv(req.body);
    } catch (err) {
      if (err instanceof CsvFileError) throw badRequest(err.message, { rejected: err.errors });
      throw err;
    }
    if (!parsed.rows.length) throw badRequest('no valid rows in the file', { stored: 0, replaced: 0, rejected: parsed.rejected });
    const result = await storeValues(currentUser(req), key, parsed.rows, rules);
    res.json({ ...result, rejected: parsed.rejected });
  });
  return router;
}
