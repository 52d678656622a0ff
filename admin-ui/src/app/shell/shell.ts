import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { Auth } from '@ui/auth';
import { I18n, TranslatePipe } from '@ui/i18n';
import { NAV } from './nav';

/** The signed-in frame: navigation by role, language switch, sign-out. */
@Component({
  selector: 'adm-shell',
  imports: [RouterOutlet, RouterLink, RouterLinkActive, TranslatePipe],
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
      <span class="who">{{ auth.user()?.displayName }}</span>
      <button type="button" (click)="switchLanguage()" data-test="switch-language">{{ 'lang.switch' | t }}</button>
      <button type="button" (click)="auth.logout()" data-test="logout">{{ 'nav.logout' | t }}</button>
    </header>
    <main><router-outlet /></main>
  `,
  styles: `
    .bar {
      display: flex;
      align-items: center;
      gap: 1rem;
      padding: 0.6rem 1rem;
      background: #004d40;
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
      font-size: 0.9rem;
      opacity: 0.85;
    }
    main {
      padding: 1rem 1.25rem;
      max-width: 1200px;
      margin: 0 auto;
    }
  `,
})
export class Shell {
  protected readonly auth = inject(Auth);
  protected readonly nav = NAV;
  private readonly i18n = inject(I18n);

  switchLanguage(): void {
    this.i18n.setLang(this.i18n.lang() === 'vi' ? 'en' : 'vi');
  }
}
