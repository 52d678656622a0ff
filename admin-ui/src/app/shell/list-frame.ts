import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { TranslatePipe } from '@ui/i18n';

/**
 * The frame of every list screen: the title with its "new" button, the API's error, and the
 * loading and empty states; the page projects its table, shown once there is something to list.
 */
@Component({
  selector: 'adm-list-frame',
  imports: [RouterLink, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="head">
      <h1>{{ heading() | t }}</h1>
      <a [routerLink]="newLink()" [attr.data-test]="newTest()"
        ><button class="primary" type="button">{{ newLabel() | t }}</button></a
      >
    </div>
    @if (error()) {
      <div class="banner error" role="alert">{{ error() }}</div>
    }
    @if (items(); as list) {
      @if (list.length) {
        <ng-content />
      } @else {
        <p>{{ empty() | t }}</p>
      }
    } @else if (!error()) {
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
export class ListFrame {
  /** Dictionary keys. */
  readonly heading = input.required<string>();
  readonly newLabel = input.required<string>();
  readonly empty = input.required<string>();
  readonly newLink = input.required<string>();
  readonly newTest = input.required<string>();
  /** null while loading. */
  readonly items = input.required<readonly unknown[] | null>();
  readonly error = input('');
}
