import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { apiProblem, type ApiProblem } from '@ui/api-problem';
import type { Role } from '@ui/auth';
import { I18n, TranslatePipe } from '@ui/i18n';
import { passwordFieldMessages } from '@ui/password.page';
import { OrgApi } from '../org/org-api';
import { unitRows, type Unit } from '../org/unit-tree';
import { LockoutsPanel } from './lockouts.panel';
import { UsersApi, type UserAccount } from './users-api';

const ROLES: readonly Role[] = ['admin', 'leader', 'operator', 'auditor'];

/** Accounts: create, edit, disable/enable, reset password (a generated one is shown once); sign-in lockouts below. */
@Component({
  selector: 'adm-users',
  imports: [FormsModule, TranslatePipe, LockoutsPanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './users.page.html',
  styles: `
    .head {
      display: flex;
      justify-content: space-between;
      align-items: center;
    }
    .editor {
      background: #fff;
      border: 1px solid var(--line);
      border-radius: 4px;
      padding: 0.5rem 1rem 1rem;
      margin-bottom: 1rem;
    }
    .roles {
      flex-direction: row;
      gap: 0.75rem;
    }
    .roles label {
      flex-direction: row;
      align-items: center;
    }
    .row-actions {
      display: flex;
      gap: 0.3rem;
      flex-wrap: wrap;
    }
    .row-actions button {
      font-size: 0.85rem;
      padding: 0.15rem 0.5rem;
    }
    tr.disabled td {
      color: var(--muted);
    }
    .secret {
      font-family: ui-monospace, monospace;
      font-weight: bold;
    }
  `,
})
export class UsersPage {
  private readonly api = inject(UsersApi);
  private readonly org = inject(OrgApi);
  private readonly i18n = inject(I18n);
  /** Field messages the app words itself where the API names the rule (password policy). */
  private readonly localised = signal<Record<string, string>>({});
  protected readonly roles = ROLES;
  protected readonly users = signal<UserAccount[] | null>(null);
  protected readonly units = signal<Unit[]>([]);
  protected readonly unitOptions = computed(() => unitRows(this.units()));
  /** null: no form; '': creating; otherwise the username being edited. */
  protected readonly editing = signal<string | null>(null);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly message = signal('');
  /** A generated password, shown once until the admin moves on. */
  protected readonly oneTimePassword = signal<{ username: string; password: string } | null>(null);
  protected readonly busy = signal(false);
  protected form = { username: '', displayName: '', roles: new Set<Role>(), unit: '', email: '', password: '' };

  constructor() {
    void this.load();
    this.org.units().then(
      (units) => this.units.set(units),
      (err: unknown) => this.problem.set(apiProblem(err)),
    );
  }

  protected unitName(id: string): string {
    return this.units().find((u) => u.id === id)?.name ?? id;
  }

  protected indent(depth: number): string {
    return '\u00a0\u00a0\u00a0'.repeat(depth);
  }

  protected startCreate(): void {
    this.form = { username: '', displayName: '', roles: new Set<Role>(['operator']), unit: '', email: '', password: '' };
    this.open('');
  }

  protected startEdit(u: UserAccount): void {
    this.form = { username: u.username, displayName: u.displayName, roles: new Set(u.roles), unit: u.unit, email: u.email ?? '', password: '' };
    this.open(u.username);
  }

  protected toggleRole(role: Role, on: boolean): void {
    if (on) this.form.roles.add(role);
    else this.form.roles.delete(role);
  }

  protected cancel(): void {
    this.editing.set(null);
    this.problem.set(null);
  }

  protected async save(): Promise<void> {
    const editing = this.editing();
    if (editing === null) return;
    const profile = {
      displayName: this.form.displayName,
      roles: ROLES.filter((r) => this.form.roles.has(r)),
      unit: this.form.unit,
      ...(this.form.email.trim() ? { email: this.form.email.trim() } : {}),
    };
    await this.run(async () => {
      const saved = editing === '' ? await this.api.create({ username: this.form.username, password: this.form.password, ...profile }) : await this.api.update(editing, profile);
      this.editing.set(null);
      this.message.set(this.i18n.t('users.saved', { username: saved.username }));
    });
  }

  protected async setDisabled(u: UserAccount, disabled: boolean): Promise<void> {
    await this.run(async () => {
      await this.api.setDisabled(u.username, disabled);
      this.message.set(this.i18n.t(disabled ? 'users.disabledMsg' : 'users.enabledMsg', { username: u.username }));
    });
  }

  protected async resetPassword(u: UserAccount): Promise<void> {
    await this.run(async () => {
      const res = await this.api.resetPassword(u.username);
      if (res.password) this.oneTimePassword.set({ username: u.username, password: res.password });
    });
  }

  protected fieldError(field: string): string {
    return this.localised()[field] ?? this.problem()?.fields[field] ?? '';
  }

  private open(editing: string): void {
    this.problem.set(null);
    this.message.set('');
    this.oneTimePassword.set(null);
    this.editing.set(editing);
  }

  private async run(action: () => Promise<void>): Promise<void> {
    this.busy.set(true);
    this.problem.set(null);
    this.localised.set({});
    this.message.set('');
    this.oneTimePassword.set(null);
    try {
      await action();
      await this.load();
    } catch (err) {
      this.problem.set(apiProblem(err));
      // The password policy's rules, said in the admin's language (as on the own-password page).
      this.localised.set(passwordFieldMessages(err, (key, params) => this.i18n.t(key, params)));
    } finally {
      this.busy.set(false);
    }
  }

  private async load(): Promise<void> {
    try {
      this.users.set(await this.api.list());
    } catch (err) {
      this.problem.set(apiProblem(err));
    }
  }
}
