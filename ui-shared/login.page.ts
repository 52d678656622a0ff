import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { ActivatedRoute, Router } from '@angular/router';
import { apiProblem } from './api-problem';
import { Auth, type Role } from './auth';
import { I18n, TranslatePipe } from './i18n';

/**
 * Sign-in for both apps. The route's `data.roles` says who may use the app; anyone else is signed
 * out again with the reason (the API enforces roles anyway — this only saves a confusing empty app).
 */
@Component({
  selector: 'ui-login',
  imports: [FormsModule, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form class="card login" (ngSubmit)="signIn()">
      <h1>{{ 'login.title' | t }}</h1>
      @if (auth.endedBecause() === 'expired') {
        <div class="banner warn" data-test="session-expired">{{ 'login.expired' | t }}</div>
      } @else if (auth.endedBecause() === 'idle') {
        <div class="banner warn" data-test="session-idle">{{ 'login.idle' | t }}</div>
      }
      @if (error()) {
        <div class="banner error" role="alert" data-test="login-error">{{ error() }}</div>
      }
      <label>{{ 'login.username' | t }} <input name="username" [(ngModel)]="username" autocomplete="username" required /></label>
      <label>{{ 'login.password' | t }} <input name="password" type="password" [(ngModel)]="password" autocomplete="current-password" required /></label>
      <div>
        <button class="primary" type="submit" [disabled]="busy()">{{ 'login.submit' | t }}</button>
      </div>
      <p>
        <button type="button" (click)="switchLanguage()">{{ 'lang.switch' | t }}</button>
      </p>
    </form>
  `,
  styles: `
    .login {
      max-width: 360px;
      margin: 10vh auto;
      display: flex;
      flex-direction: column;
    }
    .login label {
      margin-right: 0;
    }
  `,
})
export class LoginPage {
  protected readonly auth = inject(Auth);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly i18n = inject(I18n);
  readonly returnUrl = input<string>();
  protected username = '';
  protected password = '';
  protected readonly busy = signal(false);
  protected readonly error = signal('');

  async signIn(): Promise<void> {
    this.busy.set(true);
    this.error.set('');
    try {
      await this.auth.login(this.username, this.password);
      const allowed = (this.route.snapshot.data['roles'] as Role[] | undefined) ?? [];
      if (allowed.length && !this.auth.hasRole(...allowed)) {
        this.error.set(this.i18n.t('login.notAllowed'));
        this.auth.logout();
        return;
      }
      await this.router.navigateByUrl(this.returnUrl() || '/');
    } catch (err) {
      this.error.set(this.refusal(err));
    } finally {
      this.busy.set(false);
    }
  }

  /** Wrong credentials and a lockout in the user's language (how long from `Retry-After`); anything else as the API says it. */
  private refusal(err: unknown): string {
    if (err instanceof HttpErrorResponse && err.status === 401) return this.i18n.t('login.wrong');
    if (err instanceof HttpErrorResponse && err.status === 429) {
      const seconds = Number(err.headers.get('Retry-After'));
      return this.i18n.t('login.locked', { minutes: Math.max(1, Math.ceil((Number.isFinite(seconds) ? seconds : 900) / 60)) });
    }
    return apiProblem(err).message;
  }

  switchLanguage(): void {
    this.i18n.setLang(this.i18n.lang() === 'vi' ? 'en' : 'vi');
  }
}
