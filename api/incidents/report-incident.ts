import { randomUUID } from 'node:crypto';
import { ServiceError, isGrpcDeadlineError, isGrpcServiceError, type Client } from '@temporalio/client';
import { z } from 'zod';
import { SEVERITIES, SopHead, Unit, audit } from '../../model';
import { INCIDENT_WORKFLOW_TYPE, incidentWorkflowId, type IncidentWorkflowInput } from '../../workflows/definitions';
import type { incidentWorkflow } from '../../workflows/incident-workflow';
import type { AuthUser } from '../auth/middleware';
import { forbidden, serviceUnavailable, unprocessable } from '../http-errors';

/** `POST /api/incidents`: an incident opened by hand (a phone call, a patrol, a camera seen by an operator). */
export const reportIncidentBody = z
  .object({
    sopKey: z.string().min(1).max(63),
    title: z.string().trim().min(1).max(300),
    severity: z.enum(SEVERITIES),
    location: z
      .object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) })
      .strict()
      .optional(),
    variables: z.record(z.string(), z.unknown()).optional(),
    unit: z.string().min(1).max(100).optional(),
    correlationKey: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
export type ReportIncidentInput = z.infer<typeof reportIncidentBody>;

export interface ReportedIncident {
  /** The incident id: the first run id of its workflow. */
  id: string;
  workflowId: string;
  correlationKey: string;
  /** True when an incident with this correlation key was already open and the report joined it. */
  joined: boolean;
}

export interface IncidentReporterOptions {
  /** Deadline of the Temporal calls of one report; past it the caller gets a 503. Default 5 s. */
  temporalDeadlineMs?: number;
  /** `Retry-After` of that 503, in seconds. Default 5. */
  retryAfterSeconds?: number;
}

/** gRPC status UNAVAILABLE: the server cannot be reached. */
const GRPC_UNAVAILABLE = 14;

/** Temporal cannot be reached (connection refused, or no answer before the deadline) — as opposed to a rejected request. */
function isTemporalUnavailable(err: unknown): boolean {
  const cause = err instanceof ServiceError ? err.cause : err;
  return isGrpcDeadlineError(cause) || (isGrpcServiceError(cause) && cause.code === GRPC_UNAVAILABLE);
}

/**
 * Opens an incident on request. The workflow id is derived from the correlation key and started
 * with the `USE_EXISTING` conflict policy, so a repeated report joins the open incident instead of
 * starting a second one.
 */
export class IncidentReporter {
  private readonly deadlineMs: number;
  private readonly retryAfterSeconds: number;

  constructor(
    private readonly temporal: Client,
    private readonly taskQueue: string,
    options: IncidentReporterOptions = {},
  ) {
    this.deadlineMs = options.temporalDeadlineMs ?? 5000;
    this.retryAfterSeconds = options.retryAfterSeconds ?? 5;
  }

  async report(user: AuthUser, input: ReportIncidentInput): Promise<ReportedIncident> {
    const unit = await this.resolveUnit(user, input.unit);
    if (!(await SopHead.exists({ _id: input.sopKey }))) {
      throw unprocessable(`SOP ${input.sopKey} is not deployed`, [{ field: 'sopKey', message: 'no deployed SOP with this key' }]);
    }
    const correlationKey = input.correlationKey ?? `manual:${randomUUID()}`;
    const workflowId = incidentWorkflowId(correlationKey);
    const args: IncidentWorkflowInput = {
      correlationKey,
      title: input.title,
      severity: input.severity,
      sopKey: input.sopKey,
      ...(unit ? { unit } : {}),
      ...(input.location ? { location: input.location } : {}),
      // Set after the caller's variables, so a report cannot pose as someone else.
      variables: { ...(input.variables ?? {}), ...(input.location ? { location: input.location } : {}), reportedBy: user.username },
    };

    const { id, joined } = await this.startOrJoin(workflowId, args);
    await audit({
      actor: user.username,
      action: 'incident.reported',
      entity: 'incident',
      entityId: id,
      after: { correlationKey, workflowId, title: input.title, severity: input.severity, sopKey: input.sopKey, unit: unit ?? null, joined },
    });
    return { id, workflowId, correlationKey, joined };
  }

  /**
   * Starts the incident workflow, or finds the one already running under `workflowId`. The SDK's
   * start does not say which of the two USE_EXISTING did, so the start carries a one-off token in
   * its memo: finding our token on the returned run means this call started it.
   */
  private async startOrJoin(workflowId: string, args: IncidentWorkflowInput): Promise<{ id: string; joined: boolean }> {
    const reportId = randomUUID();
    try {
      return await this.temporal.connection.withDeadline(Date.now() + this.deadlineMs, async () => {
        const handle = await this.temporal.workflow.start<typeof incidentWorkflow>(INCIDENT_WORKFLOW_TYPE, {
          workflowId,
          taskQueue: this.taskQueue,
          args: [args],
          workflowIdConflictPolicy: 'USE_EXISTING',
          memo: { reportId },
        });
        const description = await this.temporal.workflow.getHandle(workflowId, handle.firstExecutionRunId).describe();
        // A joined incident may have continued-as-new since it opened: its id is the chain's first run.
        const id = description.raw.workflowExecutionInfo?.firstRunId || description.runId;
        return { id, joined: description.memo?.reportId !== reportId };
      });
    } catch (err) {
      if (isTemporalUnavailable(err)) throw serviceUnavailable('workflow engine unavailable, try again shortly', this.retryAfterSeconds);
      throw err;
    }
  }

  /**
   * Admins and leaders may name any existing unit (or none: city-wide); operators only a unit in
   * their own subtree, and their own unit when they name none.
   */
  private async resolveUnit(user: AuthUser, requested: string | undefined): Promise<string | undefined> {
    const privileged = user.roles.includes('admin') || user.roles.includes('leader');
    if (!privileged) {
      const unit = requested ?? user.unit;
      if (!user.scopeUnits.includes(unit)) throw forbidden(`unit ${unit} is outside your scope`);
      return unit;
    }
    if (requested !== undefined && !(await Unit.exists({ _id: requested }))) {
      throw unprocessable(`unit ${requested} does not exist`, [{ field: 'unit', message: 'no such unit' }]);
    }
    return requested;
  }
}
