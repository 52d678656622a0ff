import { signal } from '@angular/core';
import { apiProblem, type ApiProblem } from '@ui/api-problem';

/**
 * One panel of confirmable operations: which one is open (the confirmation step), whether it is
 * running, and the API's answer when it refused — per field (400) or as a reason (403/409).
 */
export class OperationState {
  readonly openKey = signal<string | null>(null);
  readonly busy = signal(false);
  readonly problem = signal<ApiProblem | null>(null);
  /** The dictionary key of the last success message. */
  readonly done = signal<string | null>(null);

  open(key: string): void {
    this.openKey.set(key);
    this.problem.set(null);
    this.done.set(null);
  }

  close(): void {
    this.openKey.set(null);
    this.problem.set(null);
  }

  isOpen(key: string): boolean {
    return this.openKey() === key;
  }

  fieldError(field: string): string | null {
    return this.problem()?.fields[field] ?? null;
  }

  /** Runs the confirmed operation; on success closes the panel and says so, on refusal keeps it open with the reason. */
  async run(call: () => Promise<unknown>, doneKey: string): Promise<boolean> {
    this.busy.set(true);
    this.problem.set(null);
    try {
      await call();
      this.openKey.set(null);
      this.done.set(doneKey);
      return true;
    } catch (err) {
      this.problem.set(apiProblem(err));
      return false;
    } finally {
      this.busy.set(false);
    }
  }
}
