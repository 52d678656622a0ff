import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { apiProblem, type ApiProblem } from '@ui/api-problem';
import { I18n, TranslatePipe } from '@ui/i18n';
import { UsersApi, type Lockout, type UserAccount } from './users-api';

/** Who a lockout stops, as the admin reads it: the account's name, or the client address. */
export function lockedParty(key: string, accounts: readonly UserAccount[]): { kind: 'user' | 'address'; name: string; detail: string } {
  const [kind, ...rest] = key.split(':');
  const id = rest.join(':'); // IPv6 addresses hold colons
  if (kind === 'address') return { kind: 'address', name: id, detail: '' };
  const account = accounts.find((a) => a.username === id);
  return { kind: 'user', name: account?.displayName ?? id, detail: account ? id : '' };
}

/**
 * Sign-in lockouts in force (too many failed sign-ins for a user name or from an address), each
 * clearable after a confirmation step in its row. Cleared lockouts are audited by the API.
 */
@Component({
  selector: 'adm-lockouts',
  imports: [TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section data-test="lockouts">
      <div class="head">
        <h2>{{ 'lockouts.title' | t }}</h2>
        <button type="button" (click)="load()" [disabled]="busy()" data-test="reload-lockouts">{{ 'lockouts.reload' | t }}</button>
      </div>
      <p class="hint">{{ 'lockouts.hint' | t }}</p>
      @if (message()) {
        <div class="banner info" data-test="lockouts-message">{{ message() }}</div>
      }
      @if (problem(); as p) {
        <div class="banner error" role="alert" data-test="lockouts-error">{{ p.message }}</div>
      }
      @if (lockouts(); as list) {
        @if (list.length === 0) {
          <p data-test="no-lockouts">{{ 'lockouts.none' | t }}</p>
        } @else {
          <table data-test="lockouts-table">
            <thead>
              <tr>
                <th>{{ 'lockouts.who' | t }}</th>
                <th>{{ 'lockouts.until' | t }}</th>
                <th>{{ 'lockouts.failures' | t }}</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              @for (l of list; track l.key) {
                @let who = party(l);
                <tr [attr.data-lockout]="l.key">
                  <td data-test="lockout-who">
                    {{ (who.kind === 'user' ? 'lockouts.user' : 'lockouts.address') | t: { name: who.name } }}
                    @if (who.detail) {
                      <span class="muted">({{ who.detail }})</span>
                    }
                  </td>
                  <td data-test="lockout-until">{{ i18n.dateTime(l.lockedUntil) }}</td>
                  <td data-test="lockout-failures">{{ l.failures }}</td>
                  <td class="row-actions">
                    @if (confirming() === l.key) {
                      <span>{{ 'lockouts.confirm' | t: { name: who.name } }}</span>
                      <button type="button" class="primary" (click)="clear(l)" [disabled]="busy()" data-test="confirm-clear-lockout">{{ 'lockouts.clear' | t }}</button>
                      <button type="button" (click)="confirming.set(null)" data-test="cancel-clear-lockout">{{ 'common.cancel' | t }}</button>
                    } @else {
                      <button type="button" (click)="confirming.set(l.key)" data-test="clear-lockout">{{ 'lockouts.clear' | t }}</button>
                    }
                  </td>
                </tr>
              }
            </tbody>
          </table>
        }
      } @else {
        <p>{{ 'common.loading' | t }}</p>
      }
    </section>
  `,
  styles: `
    section {
      margin-top: 2rem;
    }
    .head {
      display: flex;
      justify-content: space-between;
      align-items: center;
    }
    .hint,
    .muted {
      color: var(--muted);
    }
    .row-actions {
      display: flex;
      gap: 0.3rem;
      flex-wrap: wrap;
      align-items: center;
    }
    .row-actions button {
      font-size: 0.85rem;
      padding: 0.15rem 0.5rem;
    }
  `,
})
export class LockoutsPanel {
  private readonly api = inject(UsersApi);
  protected readonly i18n = inject(I18n);
  /** The accounts, to name a locked user name by its person. */
  readonly accounts = input<readonly UserAccount[]>([]);
  protected readonly lockouts = signal<Lockout[] | null>(null);
  /** The key whose clearing awaits confirmation. */
  protected readonly confirming = signal<string | null>(null);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly message = signal('');
  protected readonly busy = signal(false);

  constructor() {
    void this.load();
  }

  protected party(l: Lockout) {
    return lockedParty(l.key, this.accounts());
  }

  protected async load(): Promise<void> {
    this.problem.set(null);
    await this.fetch();
  }

  protected async clear(l: Lockout): Promise<void> {
    const name = this.party(l).name;
    this.busy.set(true);
    this.problem.set(null);
    this.message.set('');
    try {
      await this.api.clearLockout(l.key);
      this.confirming.set(null);
      this.message.set(this.i18n.t('lockouts.cleared', { name }));
    } catch (err) {
      this.problem.set(apiProblem(err)); // a lockout that lapsed meanwhile is a 404: the list below shows it gone
    }
    await this.fetch();
  }

  private async fetch(): Promise<void> {
    this.busy.set(true);
    try {
      this.lockouts.set(await this.api.lockouts());
    } catch (err) {
      this.problem.set(apiProblem(err));
    } finally {
      this.busy.set(false);
    }
  }
}
