import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { apiProblem } from './api-problem';
import { I18n, TranslatePipe } from './i18n';

type Field = 'currentPassword' | 'newPassword' | 'repeat';
type Translate = (key: string, params?: Readonly<Record<string, string | number>>) => string;

/**
 * Per field, what the API says is wrong with a password change, in the user's language where the API
 * names the rule (`passwordRule.<rule>`), else in the API's words; several rules join with "; ".
 */
export function passwordFieldMessages(err: unknown, t: Translate): Record<string, string> {
  const body = err instanceof HttpErrorResponse ? (err.error as { details?: unknown } | null) : null;
  const details = Array.isArray(body?.details) ? (body.details as Record<string, unknown>[]) : [];
  const out: Record<string, string> = {};
  for (const d of details) {
    const field = d['field'];
    const message = d['message'];
    if (typeof field !== 'string' || typeof message !== 'string') continue;
    const key = typeof d['rule'] === 'string' ? `passwordRule.${d['rule']}` : '';
    const localised = key ? t(key, { limit: typeof d['limit'] === 'number' ? d['limit'] : '' }) : key;
    const text = !key || localised === key ? message : localised;
    out[field] = out[field] ? `${out[field]}; ${text}` : text;
  }
  return out;
}

/**
 * One's own password change, reached from the shell's account menu in both apps: the current
 * password, the new one twice. The API checks the policy and answers per field; this session goes on,
 * the user's other sessions end.
 */
@Component({
  selector: 'ui-password',
  imports: [FormsModule, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form class="card password" (ngSubmit)="submit()" data-test="password-form">
      <h1>{{ 'password.title' | t }}</h1>
      <p class="hint">{{ 'password.hint' | t }}</p>
      @if (done()) {
        <div class="banner info" role="status" data-test="password-changed">{{ 'password.changed' | t }}</div>
      }
      @if (error()) {
        <div class="banner error" role="alert" data-test="password-error">{{ error() }}</div>
      }
      <label
        >{{ 'password.current' | t }}
        <input
          name="currentPassword"
          type="password"
          [(ngModel)]="currentPassword"
          [class.invalid]="fieldError('currentPassword')"
          autocomplete="current-password"
          data-test="current-password"
        />
        @if (fieldError('currentPassword')) {
          <span class="field-error" data-test="current-password-error">{{ fieldError('currentPassword') }}</span>
        }
      </label>
      <label
        >{{ 'password.new' | t }}
        <input name="newPassword" type="password" [(ngModel)]="newPassword" [class.invalid]="fieldError('newPassword')" autocomplete="new-password" data-test="new-password" />
        @if (fieldError('newPassword')) {
          <span class="field-error" data-test="new-password-error">{{ fieldError('newPassword') }}</span>
        }
      </label>
      <label
        >{{ 'password.repeat' | t }}
        <input name="repeat" type="password" [(ngModel)]="repeat" [class.invalid]="fieldError('repeat')" autocomplete="new-password" data-test="repeat-password" />
        @if (fieldError('repeat')) {
          <span class="field-error" data-test="repeat-password-error">{{ fieldError('repeat') }}</span>
        }
      </label>
      <div>
        <button class="primary" type="submit" [disabled]="busy()" data-test="submit-password">{{ 'password.submit' | t }}</button>
      </div>
    </form>
  `,
  styles: `
    .password {
      max-width: 420px;
      display: flex;
      flex-direction: column;
    }
    .password label {
      margin-right: 0;
    }
    .hint {
      color: var(--muted);
    }
  `,
})
export class PasswordPage {
  private readonly http = inject(HttpClient);
  private readonly i18n = inject(I18n);
  protected currentPassword = '';
  protected newPassword = '';
  protected repeat = '';
  protected readonly busy = signal(false);
  protected readonly done = signal(false);
  protected readonly error = signal('');
  /** The API's refusal, kept as it came so a language switch says it again in the other language. */
  private readonly failure = signal<unknown>(null);
  private readonly mismatch = signal(false);

  protected fieldError(field: Field): string {
    if (field === 'repeat') return this.mismatch() ? this.i18n.t('password.mismatch') : '';
    return passwordFieldMessages(this.failure(), (k, p) => this.i18n.t(k, p))[field] ?? '';
  }

  async submit(): Promise<void> {
    this.done.set(false);
    this.error.set('');
    this.failure.set(null);
    this.mismatch.set(this.newPassword !== this.repeat);
    if (this.mismatch()) return;
    this.busy.set(true);
    try {
      await firstValueFrom(this.http.post('/api/auth/password', { currentPassword: this.currentPassword, newPassword: this.newPassword }));
      this.currentPassword = this.newPassword = this.repeat = '';
      this.done.set(true);
    } catch (err) {
      this.failure.set(err);
      // A refusal no field shows (a network failure, an ended session) goes in the banner.
      if (!Object.keys(passwordFieldMessages(err, (k) => k)).length) this.error.set(apiProblem(err).message);
    } finally {
      this.busy.set(false);
    }
  }
}
