import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { apiProblem } from '@ui/api-problem';
import { TranslatePipe } from '@ui/i18n';
import { RulesApi, type RuleSummary } from './rules-api';

@Component({
  selector: 'adm-rules-list',
  imports: [RouterLink, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="head">
      <h1>{{ 'rules.title' | t }}</h1>
      <a routerLink="/rules/new" data-test="new-rule"
        ><button class="primary" type="button">{{ 'rules.new' | t }}</button></a
      >
    </div>
    @if (error()) {
      <div class="banner error" role="alert">{{ error() }}</div>
    }
    @if (rules(); as list) {
      @if (list.length) {
        <table data-test="rules-table">
          <thead>
            <tr>
              <th>{{ 'rules.key' | t }}</th>
              <th>{{ 'rules.name' | t }}</th>
              <th>{{ 'rules.target' | t }}</th>
              <th>{{ 'rules.metric' | t }}</th>
              <th>{{ 'rules.version' | t }}</th>
              <th>{{ 'rules.enabled' | t }}</th>
              <th>{{ 'rules.action' | t }}</th>
            </tr>
          </thead>
          <tbody>
            @for (r of list; track r.key) {
              <tr>
                <td>
                  <a [routerLink]="['/rules', r.key]">{{ r.key }}</a>
                </td>
                <td>{{ r.name }}</td>
                <td>{{ r.source ?? r.sourceType }}</td>
                <td>{{ r.metric }}</td>
                <td>{{ r.version }}</td>
                <td>{{ (r.enabled ? 'common.yes' : 'common.no') | t }}</td>
                <td>{{ r.action.sopKey ?? r.action.type }}</td>
              </tr>
            }
          </tbody>
        </table>
      } @else {
        <p>{{ 'rules.empty' | t }}</p>
      }
    } @else {
      <p>{{ 'common.loading' | t }}</p>
    }
  `,
  styles: `
    .head {
      display: flex;
      justify-content: space-between;
      align-items: center;
    }
  `,
})
export class RulesListPage {
  private readonly api = inject(RulesApi);
  protected readonly rules = signal<RuleSummary[] | null>(null);
  protected readonly error = signal('');

  constructor() {
    this.api.list().then(
      (items) => this.rules.set(items),
      (err: unknown) => this.error.set(apiProblem(err).message),
    );
  }
}
