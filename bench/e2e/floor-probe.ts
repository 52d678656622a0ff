/**
 * The floor of bench:e2e, measured in the same storm: a minimal workflow (bench/hello/floor.ts)
 * started directly on the same Temporal server every `everyMs`, timed the way the desk times an
 * incident — from the start call to its first mark being visible, and from sending the signal to
 * its second mark being visible — polled at the desk's cadence.
 */
import { performance } from 'node:perf_hooks';
import type { Client } from '@temporalio/client';
import type { Collection } from 'mongoose';
import { FLOOR_WORKFLOW_TYPE, floorNextSignal, type floorWorkflow } from '../hello/floor';
import { TaskWatcher } from '../support/task-watcher';

export class FloorProbe {
  readonly startToMarkMs: number[] = [];
  readonly signalToMarkMs: number[] = [];
  readonly errors: string[] = [];
  readonly workflowIds: string[] = [];
  private readonly watcher: TaskWatcher;
  private readonly inFlight = new Set<Promise<void>>();
  private timer?: NodeJS.Timeout;
  private n = 0;

  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
    marks: Collection,
    private readonly opts: { everyMs: number; pollMs: number; thinkMs: [number, number]; idPrefix: string },
  ) {
    this.watcher = new TaskWatcher(marks, opts.pollMs);
  }

  start(): void {
    this.timer = setInterval(() => {
      const probe = this.probe(this.n++).catch((err: Error) => void this.errors.push(err.message));
      this.inFlight.add(probe);
      void probe.finally(() => this.inFlight.delete(probe));
    }, this.opts.everyMs);
  }

  /** Stops starting probes and waits for those in flight. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await Promise.allSettled([...this.inFlight]);
    this.watcher.stop();
  }

  private async probe(i: number): Promise<void> {
    const id = `${this.opts.idPrefix}-${i}`;
    const t0 = performance.now();
    const handle = await this.client.workflow.start<typeof floorWorkflow>(FLOOR_WORKFLOW_TYPE, { workflowId: id, taskQueue: this.taskQueue, args: [id] });
    this.workflowIds.push(id);
    await this.watcher.wait(`${id}:1`);
    this.startToMarkMs.push(performance.now() - t0);
    const [min, max] = this.opts.thinkMs;
    await new Promise((r) => setTimeout(r, min + Math.random() * (max - min)));
    const t1 = performance.now();
    await handle.signal(floorNextSignal);
    await this.watcher.wait(`${id}:2`);
    this.signalToMarkMs.push(performance.now() - t1);
  }
}
