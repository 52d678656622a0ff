import { randomBytes } from 'node:crypto';
import { createIncidentActivities, createIncidentNotices, INCIDENT_NOTICE_WINDOW_MS } from '../../activities/incident-activities';
import { SopGraphCache } from '../../activities/sop-cache';
import { Incident, LiveChange } from '../../model';
import type { KeyedThrottle } from '../../platform/keyed-throttle';
import type { Severity, TriggerEvent } from '../../workflows/definitions';
import { TestStack } from '../support/test-stack';

// Readings that join an open incident: each is counted on the incident, but the live feed hears
// of them at most once per window (plus the last one), while a raised severity is heard at once.
let stack: TestStack;

beforeAll(async () => {
  stack = await TestStack.start('notices');
});
afterAll(async () => {
  await stack?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function reading(n: number, severity: Severity): TriggerEvent {
  return { eventKey: `flood-sensor|${n}`, source: 'flood-sensor', metric: 'water_level', value: 2 + n / 100, observedAt: new Date().toISOString(), ruleKey: 'flood', severity };
}

async function openedIncident() {
  const incidentId = `inc-${randomBytes(4).toString('hex')}`;
  await Incident.create({
    _id: incidentId,
    workflowId: `wf-${incidentId}`,
    correlationKey: `flood:${incidentId}`,
    title: 'Ngập cầu Suối Rạt',
    status: 'open',
    severity: 'warning',
    sopKey: 'flood-response',
    sopVersion: 1,
    unit: 'tan-phu',
    openedAt: new Date(),
  });
  return incidentId;
}

/** The incident activities as a worker makes them, with the notices throttle the test holds. */
const activitiesWith = (incidentNotices: KeyedThrottle) =>
  createIncidentActivities({
    sopCache: new SopGraphCache(),
    notify: () => Promise.reject(new Error('readings joining an incident notify no one')),
    emailEnabled: false,
    incidentNotices,
  });

const noticesOf = async (incidentId: string) =>
  (await LiveChange.find({ incidentId }).lean()).sort((a, b) => a.at.getTime() - b.at.getTime()).map((c) => ({ action: c.action, unit: c.unit }));

describe('live notices of readings joining an incident', () => {
  it('counts every reading, but tells the live feed once per window and once more for the last reading', async () => {
    const notices = createIncidentNotices();
    const activities = activitiesWith(notices);
    const incidentId = await openedIncident();
    for (let n = 0; n < 20; n++) await activities.recordIncidentEvent({ incidentId, event: reading(n, 'warning') });

    const incident = await Incident.findById(incidentId).lean();
    expect(incident?.eventCount).toBe(20);
    expect(await noticesOf(incidentId)).toEqual([{ action: 'incident.updated', unit: 'tan-phu' }]);

    // The held notice goes out when the window ends: the last readings are heard too.
    await sleep(INCIDENT_NOTICE_WINDOW_MS + 500);
    expect(await noticesOf(incidentId)).toEqual([
      { action: 'incident.updated', unit: 'tan-phu' },
      { action: 'incident.updated', unit: 'tan-phu' },
    ]);
    await notices.flush();
  });

  it('tells of a raised severity at once, inside the window', async () => {
    const notices = createIncidentNotices();
    const activities = activitiesWith(notices);
    const incidentId = await openedIncident();
    await activities.recordIncidentEvent({ incidentId, event: reading(1, 'warning') });
    await activities.recordIncidentEvent({ incidentId, event: reading(2, 'critical') });
    expect(await noticesOf(incidentId)).toEqual([
      { action: 'incident.updated', unit: 'tan-phu' },
      { action: 'incident.severity', unit: 'tan-phu' },
    ]);
    expect((await Incident.findById(incidentId).lean())?.severity).toBe('critical');
    await notices.flush();
  });

  it('a worker stopping publishes the notices it still holds', async () => {
    const notices = createIncidentNotices();
    const activities = activitiesWith(notices);
    const incidentId = await openedIncident();
    await activities.recordIncidentEvent({ incidentId, event: reading(1, 'warning') });
    await activities.recordIncidentEvent({ incidentId, event: reading(2, 'warning') });
    expect(await noticesOf(incidentId)).toHaveLength(1);
    await notices.flush();
    expect(await noticesOf(incidentId)).toHaveLength(2);
  });
});
