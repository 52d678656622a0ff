import { isDeepStrictEqual } from 'node:util';
import { Incident, Task } from '../../model';
import { scenario } from '../../scripts/simulate/scenario';
import { TestStack, eventually } from '../support/test-stack';

/**
 * The seeded demo end to end, on the real Temporal dev server and FerretDB: the storm of
 * `npm run simulate`, posted through the API as the script posts it, opens the incidents the README
 * narrates, each running its SOP with the first step in the unit that handles it.
 */
describe('demo storm, end to end', () => {
  let stack: TestStack;
  let admin: string;

  beforeAll(async () => {
    stack = await TestStack.start('demo_storm');
    await stack.startWorker();
    admin = await stack.login('admin');
  });
  afterAll(async () => stack?.close());

  it('opens one incident per narrated event, each on its SOP with the first step assigned', async () => {
    const minutes = 120;
    for (const batch of scenario({ start: new Date(Date.now() - minutes * 60_000), runId: 'it', minutes })) {
      const res = await stack.request('POST', '/api/events', { token: admin, body: batch });
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({ rejected: [], suspect: 0 });
    }

    const expected: Record<string, { sopKey: string; severity: string; stepId: string; unit: string }> = {
      'flood:suoi-rat': { sopKey: 'flood-response', severity: 'critical', stepId: 'verify', unit: 'tan-phu' },
      'air-quality:air-quality/tan-phu-01': { sopKey: 'air-quality-response', severity: 'warning', stepId: 'verify', unit: 'ioc' },
      'air-quality:air-quality/tan-binh-01': { sopKey: 'air-quality-response', severity: 'critical', stepId: 'verify', unit: 'ioc' },
      'streetlight:street-light/le-duan': { sopKey: 'streetlight-fault', severity: 'warning', stepId: 'verify', unit: 'ioc' },
      'camera:intrusion:camera-ai/cau-11-suoi-rat': { sopKey: 'camera-alert', severity: 'critical', stepId: 'verify', unit: 'ioc' },
      'camera:crowd:camera-ai/cho-dong-xoai': { sopKey: 'camera-alert', severity: 'warning', stepId: 'verify', unit: 'ioc' },
      'citizen-report:ngap-ung': { sopKey: 'citizen-report', severity: 'warning', stepId: 'triage', unit: 'ioc' },
    };
    // The citizen report's key goes on with the reporter and the report's time.
    const family = (key: string) => (key.startsWith('citizen-report:') ? key.split(':').slice(0, 2).join(':') : key);

    const seen = await eventually(
      'the narrated incidents, at their final severity, with their first tasks',
      async () => {
        const incidents = await Incident.find({}).lean();
        const tasks = await Task.find({}).lean();
        const view = Object.fromEntries(
          incidents.map((i) => {
            const first = tasks.find((t) => t.incidentId === i._id);
            return [family(i.correlationKey), { sopKey: i.sopKey, severity: i.severity, stepId: first?.stepId, unit: first?.unit }];
          }),
        );
        return incidents.length === Object.keys(expected).length && isDeepStrictEqual(view, expected) ? view : undefined;
      },
      90_000,
    ).catch(async (err: Error) => {
      // Say what did open, not only that the wait ran out.
      const incidents = await Incident.find({}, { correlationKey: 1, sopKey: 1, severity: 1 }).lean();
      throw new Error(`${err.message}; opened: ${JSON.stringify(incidents)}`);
    });
    expect(seen).toEqual(expected);
  });
});
