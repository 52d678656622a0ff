import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { I18n, TranslatePipe } from '@ui/i18n';
import { IncidentApi, type IncidentTask, type UnitOption } from './incident-api';
import type { AllowedOps } from './incident-rules';
import { OperationState } from './operation-state';

/** The incident's steps, linked to their pages when the user may work them; leaders and admins may reassign (unit or user, with a reason) or escalate each. */
@Component({
  selector: 'op-incident-tasks',
  imports: [FormsModule, RouterLink, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (ops.done(); as doneKey) {
      <p class="banner info" role="status" data-test="op-done">{{ doneKey | t }}</p>
    }
    <ul class="tasks" data-test="incident-tasks">
      @for (task of tasks(); track task.id) {
        <li data-test="incident-task" [attr.data-id]="task.id">
          <div class="row">
            <div class="what">
              @if (task.mayAct) {
                <a [routerLink]="['/tasks', task.id]">{{ task.name || task.stepId }}</a>
              } @else {
                <span>{{ task.name || task.stepId }}</span>
              }
              <span class="muted">
                {{ 'incident.taskStatus.' + task.status | t }} · {{ task.assignee ?? task.unit ?? '—' }}
                @if (task.dueAt) {
                  · {{ 'incident.task.due' | t: { at: i18n.dateTime(task.dueAt) } }}
                }
                @if (task.escalationLevel) {
                  · {{ 'incident.task.escalated' | t: { level: task.escalationLevel } }}
                }
              </span>
            </div>
            <div class="buttons">
              @if (allowed().reassign && isActive(task)) {
                <button type="button" (click)="openReassign(task)" data-test="reassign">{{ 'ops.reassign' | t }}</button>
              }
              @if (allowed().escalate && isActive(task)) {
                <button type="button" (click)="ops.open('escalate:' + task.id)" data-test="escalate">{{ 'ops.escalate' | t }}</button>
              }
            </div>
          </div>
          @if (ops.isOpen('reassign:' + task.id)) {
            <div class="confirm" role="group" data-test="confirm-reassign">
              <label
                >{{ 'ops.reassign.unit' | t }}
                <select name="unit" [ngModel]="unit()" (ngModelChange)="unit.set($event)" [class.invalid]="ops.fieldError('unit')" data-test="reassign-unit">
                  <option value="">—</option>
                  @for (u of units(); track u.id) {
                    <option [value]="u.id">{{ u.name }}</option>
                  }
                </select>
                <span class="field-error">{{ ops.fieldError('unit') }}</span>
              </label>
              <label
                >{{ 'ops.reassign.user' | t }}
                <input name="user" [ngModel]="user()" (ngModelChange)="user.set($event)" [class.invalid]="ops.fieldError('user')" data-test="reassign-user" />
                <span class="field-error">{{ ops.fieldError('user') }}</span>
              </label>
              <label class="wide"
                >{{ 'ops.reason' | t }}
                <input name="reason" [ngModel]="reason()" (ngModelChange)="reason.set($event)" [class.invalid]="ops.fieldError('reason')" data-test="reassign-reason" />
                <span class="field-error">{{ ops.fieldError('reason') }}</span>
              </label>
              @if (ops.problem(); as p) {
                @if (!p.fields['unit'] && !p.fields['user'] && !p.fields['reason']) {
                  <p class="field-error" data-test="op-error">{{ p.message }}</p>
                }
              }
              <button type="button" class="primary" [disabled]="ops.busy() || !reason().trim() || (!unit() && !user().trim())" (click)="reassign(task)" data-test="confirm">
                {{ 'ops.reassign.confirm' | t }}
              </button>
              <button type="button" (click)="ops.close()">{{ 'common.cancel' | t }}</button>
            </div>
          }
          @if (ops.isOpen('escalate:' + task.id)) {
            <div class="confirm" role="group" data-test="confirm-escalate">
              <p>{{ 'ops.escalate.confirm' | t: { task: task.name || task.stepId } }}</p>
              @if (ops.problem(); as p) {
                <p class="field-error" data-test="op-error">{{ p.message }}</p>
              }
              <button type="button" class="primary" [disabled]="ops.busy()" (click)="escalate(task)" data-test="confirm">{{ 'ops.escalate' | t }}</button>
              <button type="button" (click)="ops.close()">{{ 'common.cancel' | t }}</button>
            </div>
          }
        </li>
      } @empty {
        <li class="muted">{{ 'incident.tasks.none' | t }}</li>
      }
    </ul>
  `,
  styleUrl: './operations.css',
  styles: `
    .tasks {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .tasks > li {
      padding: 0.45rem 0;
      border-bottom: 1px solid var(--line);
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      justify-content: space-between;
      gap: 0.4rem;
    }
    .what {
      display: flex;
      flex-direction: column;
      min-width: 0;
    }
  `,
})
export class IncidentTasksComponent {
  private readonly api = inject(IncidentApi);
  protected readonly i18n = inject(I18n);
  readonly tasks = input.required<IncidentTask[]>();
  readonly allowed = input.required<AllowedOps>();
  readonly changed = output<void>();

  protected readonly ops = new OperationState();
  protected readonly units = signal<UnitOption[]>([]);
  protected readonly unit = signal('');
  protected readonly user = signal('');
  protected readonly reason = signal('');

  /** Only steps still waiting for someone can be reassigned or escalated. */
  protected isActive(task: IncidentTask): boolean {
    return task.status === 'open' || task.status === 'claimed';
  }

  protected openReassign(task: IncidentTask): void {
    this.unit.set('');
    this.user.set('');
    this.reason.set('');
    this.ops.open('reassign:' + task.id);
    if (!this.units().length)
      this.api.units().then(
        (u) => this.units.set(u),
        () => this.units.set([]), // the user field still works without the list
      );
  }

  protected async reassign(task: IncidentTask): Promise<void> {
    const body = { ...(this.unit() ? { unit: this.unit() } : {}), ...(this.user().trim() ? { user: this.user().trim() } : {}), reason: this.reason().trim() };
    if (await this.ops.run(() => this.api.reassignTask(task.id, body), 'ops.reassign.done')) this.changed.emit();
  }

  protected async escalate(task: IncidentTask): Promise<void> {
    if (await this.ops.run(() => this.api.escalateTask(task.id), 'ops.escalate.done')) this.changed.emit();
  }
}
