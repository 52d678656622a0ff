import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { TranslatePipe } from '@ui/i18n';
import { IncidentApi, type FailedStep, type IncidentView, type Severity } from './incident-api';
import { higherSeverities, type AllowedOps } from './incident-rules';
import { OperationState } from './operation-state';

/**
 * The incident-level operations the user's role allows — cancel, raise severity, retry or skip a
 * failed step — each behind a confirmation, with the API's refusal shown beside the field or as the reason.
 */
@Component({
  selector: 'op-incident-operations',
  imports: [FormsModule, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './incident-operations.component.html',
  styleUrl: './operations.css',
})
export class IncidentOperationsComponent {
  private readonly api = inject(IncidentApi);
  readonly incident = input.required<IncidentView>();
  readonly allowed = input.required<AllowedOps>();
  /** After an operation the API accepted: the page refetches. */
  readonly changed = output<void>();

  protected readonly ops = new OperationState();
  protected readonly reason = signal('');
  protected readonly severity = signal<Severity | ''>('');
  protected readonly justification = signal('');
  protected readonly raiseTo = computed(() => higherSeverities(this.incident().severity));

  protected open(key: string): void {
    this.reason.set('');
    this.justification.set('');
    this.severity.set(this.raiseTo()[0] ?? '');
    this.ops.open(key);
  }

  protected async cancelIncident(): Promise<void> {
    if (await this.ops.run(() => this.api.cancel(this.incident().id, this.reason().trim()), 'ops.cancel.done')) this.changed.emit();
  }

  protected async raise(): Promise<void> {
    const severity = this.severity();
    if (!severity) return;
    if (await this.ops.run(() => this.api.raiseSeverity(this.incident().id, severity, this.reason().trim() || undefined), 'ops.severity.done')) this.changed.emit();
  }

  protected async retry(step: FailedStep): Promise<void> {
    if (await this.ops.run(() => this.api.retryStep(this.incident().id, step.stepId), 'ops.retry.done')) this.changed.emit();
  }

  protected async skip(step: FailedStep): Promise<void> {
    if (await this.ops.run(() => this.api.skipStep(this.incident().id, step.stepId, this.justification().trim()), 'ops.skip.done')) this.changed.emit();
  }
}
