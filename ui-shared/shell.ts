import { NgComponentOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, InjectionToken, inject, type Type } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { Auth, type Role } from './auth';
import { I18n, TranslatePipe } from './i18n';

/** One section of an app: its path, the dictionary key of its label, and the roles that see it. */
export interface NavItem {
  path: string;
  label: string;
  roles: readonly Role[];
}

/** Each app provides its sections (app.config.ts). */
export const APP_NAV = new InjectionToken<readonly NavItem[]>('cityops.nav');

/** Optional: a small status component an app shows in the bar (the operator app's live-connection dot). */
export const SHELL_STATUS = new InjectionToken<Type<unknown>>('cityops.shell.status');

/** The signed-in frame of both apps: navigation by role, the account menu (own password), language switch, sign-out; wraps on phones. */
@Component({
  selector: 'ui-shell',
  imports: [RouterOutlet, RouterLink, RouterLinkActive, TranslatePipe, NgComponentOutlet],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <header class="bar">
      <strong>{{ 'app.brand' | t }}</strong>
      <nav>
        @for (item of nav; track item.path) {
          @if (auth.hasRole(...item.roles)) {
            <a [routerLink]="item.path" routerLinkActive="active" [attr.data-test]="'nav' + item.path.replace('/', '-')">{{ item.label | t }}</a>
          }
        }
      </nav>
      <span class="spacer"></span>
      @if (status) {
        <ng-container *ngComponentOutlet="status" />
      }
      <details class="who" #account data-test="user-menu">
        <summary [attr.title]="'account.menu' | t">{{ auth.user()?.displayName }}</summary>
        <div class="menu">
          <a routerLink="/account/password" (click)="account.open = false" data-test="change-password">{{ 'account.changePassword' | t }}</a>
        </div>
      </details>
      <button type="button" (click)="switchLanguage()" data-test="switch-language">{{ 'lang.switch' | t }}</button>
      <button type="button" (click)="auth.logout()" data-test="logout">{{ 'nav.logout' | t }}</button>
    </header>
    <main><router-outlet /></main>
  `,
  styles: `
    .bar {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 1rem;
      padding: 0.6rem 1rem;
      color: #fff;
    }
    .bar a {
      color: #e0f2f1;
      text-decoration: none;
      padding: 0.2rem 0.4rem;
      border-radius: 3px;
    }
    .bar a.active {
      background: rgba(255, 255, 255, 0.18);
      color: #fff;
    }
    .spacer {
      flex: 1;
    }
    .who {
      position: relative;
      font-size: 0.9rem;
    }
    .who summary {
      cursor: pointer;
      opacity: 0.85;
    }
    .who .menu {
      position: absolute;
      right: 0;
      top: 1.6rem;
      z-index: 10;
      min-width: 12rem;
      padding: 0.3rem;
      background: var(--bar, #004d40);
      border-radius: 3px;
      box-shadow: 0 2px 6px rgba(0, 0, 0, 0.3);
    }
    .who .menu a {
      display: block;
    }
    .bar nav {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem;
    }
    .bar {
      background: var(--bar, #004d40);
    }
    main {
      padding: 1rem 1.25rem;
      max-width: 1280px;
      margin: 0 auto;
    }
    @media (max-width: 640px) {
      .bar {
        gap: 0.5rem;
        padding: 0.5rem;
      }
      .who summary {
        max-width: 8rem;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      main {
        padding: 0.6rem;
      }
    }
  `,
})
export class Shell {
  protected readonly auth = inject(Auth);
  protected readonly nav = inject(APP_NAV);
  protected readonly status = inject(SHELL_STATUS, { optional: true });
  private readonly i18n = inject(I18n);

  switchLanguage(): void {
    this.i18n.setLang(this.i18n.lang() === 'vi' ? 'en' : 'vi');
  }
}
