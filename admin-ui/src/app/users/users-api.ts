import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Role } from '@ui/auth';
import { firstValueFrom } from 'rxjs';

export interface UserAccount {
  username: string;
  displayName: string;
  roles: Role[];
  unit: string;
  email: string | null;
  disabled: boolean;
}

export interface UserProfile {
  displayName: string;
  roles: Role[];
  unit: string;
  email?: string;
}

/** A user name or client address locked after too many failed sign-ins (`key`: `user:<name>` or `address:<ip>`). */
export interface Lockout {
  key: string;
  failures: number;
  windowStart: string;
  lockedUntil: string;
}

/** The account calls (admins only). */
@Injectable({ providedIn: 'root' })
export class UsersApi {
  private readonly http = inject(HttpClient);

  async list(): Promise<UserAccount[]> {
    return (await firstValueFrom(this.http.get<{ items: UserAccount[] }>('/api/users'))).items;
  }

  create(user: UserProfile & { username: string; password: string }): Promise<UserAccount> {
    return firstValueFrom(this.http.post<UserAccount>('/api/users', user));
  }

  update(username: string, profile: UserProfile): Promise<UserAccount> {
    return firstValueFrom(this.http.put<UserAccount>(`/api/users/${encodeURIComponent(username)}`, profile));
  }

  setDisabled(username: string, disabled: boolean): Promise<UserAccount> {
    return firstValueFrom(this.http.post<UserAccount>(`/api/users/${encodeURIComponent(username)}/${disabled ? 'disable' : 'enable'}`, {}));
  }

  /** Without `password` the server generates one and returns it, this once. */
  resetPassword(username: string, password?: string): Promise<{ username: string; password?: string }> {
    return firstValueFrom(this.http.post<{ username: string; password?: string }>(`/api/users/${encodeURIComponent(username)}/reset-password`, password ? { password } : {}));
  }

  /** Lockouts in force now. */
  async lockouts(): Promise<Lockout[]> {
    return (await firstValueFrom(this.http.get<{ items: Lockout[] }>('/api/users/lockouts'))).items;
  }

  /** Lets the user name or address sign in again (audited). */
  async clearLockout(key: string): Promise<void> {
    await firstValueFrom(this.http.delete(`/api/users/lockouts/${encodeURIComponent(key)}`));
  }
}
