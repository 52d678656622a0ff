import { condition, defineSignal, proxyActivities, setHandler } from '@temporalio/workflow';
import type * as activities from './floor-activities';

const { writeFloorMark } = proxyActivities<typeof activities>({ startToCloseTimeout: '10 seconds' });

export const FLOOR_WORKFLOW_TYPE = 'floorWorkflow';
export const floorNextSignal = defineSignal('next');

/**
 * The floor of bench:e2e, the least an incident could cost on the same Temporal server and
 * database: started, it writes one mark (as an incident's first task is written); signalled, it
 * writes a second (as completing a step leads to the next task). Nothing else.
 */
export async function floorWorkflow(id: string): Promise<void> {
  let next = false;
  setHandler(floorNextSignal, () => void (next = true));
  await writeFloorMark(`${id}:1`);
  await condition(() => next);
  await writeFloorMark(`${id}:2`);
}
