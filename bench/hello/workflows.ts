import { proxyActivities } from '@temporalio/workflow';
import type * as activities from './activities';

export { floorWorkflow } from './floor';

const { sayHello } = proxyActivities<typeof activities>({ startToCloseTimeout: '10 seconds' });

/** Workflow type name used by the bench's client; the client never loads this module. */
export const HELLO_WORKFLOW_TYPE = 'helloWorkflow';

/**
 * The baseline of `npm run bench:sop`: one activity, then done. Whatever an incident costs on top
 * of this is the price of the SOP engine and its database writes.
 */
export async function helloWorkflow(name: string): Promise<string> {
  return sayHello(name);
}
