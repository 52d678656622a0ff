import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { apiProblem, type ApiProblem } from '@ui/api-problem';
import { I18n, TranslatePipe } from '@ui/i18n';
import { refetching } from '../incident-context/refetching';
import { IncidentApi } from './incident-api';
import { orderThread } from './incident-rules';

/**
 * The incident's comment and directive thread: directives (chỉ đạo) pinned on top, comments in
 * time order, and a box to post a comment (everyone) or a directive (leaders and admins). The page
 * bumps `refresh` when the live stream announces a new comment or directive.
 */
@Component({
  selector: 'op-incident-thread',
  imports: [FormsModule, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (loadError(); as message) {
      <p class="banner error" role="alert">{{ message }}</p>
    }
    @if (thread().pinned.length) {
      <ul class="pinned" [attr.aria-label]="'thread.directives' | t">
        @for (d of thread().pinned; track d.id) {
          <li class="directive" data-test="directive" [attr.data-id]="d.id">
            <div class="head">
              <span class="tag">★ {{ 'thread.directive' | t }}</span>
              <span class="muted">{{ d.author }} · {{ i18n.dateTime(d.createdAt) }}</span>
            </div>
            <p>{{ d.text }}</p>
          </li>
        }
      </ul>
    }
    <ul class="comments">
      @for (c of thread().comments; track c.id) {
        <li class="comment" data-test="comment" [attr.data-id]="c.id">
          <div class="head">
            <strong>{{ c.author }}</strong>
            <span class="muted">{{ i18n.dateTime(c.createdAt) }}</span>
          </div>
          <p>{{ c.text }}</p>
        </li>
      } @empty {
        <li class="muted">{{ 'thread.empty' | t }}</li>
      }
    </ul>
    <form class="box" (ngSubmit)="post('comment')">
      <label class="wide"
        >{{ (canDirect() ? 'thread.box.leader' : 'thread.box') | t }}
        <textarea name="text" rows="3" [ngModel]="text()" (ngModelChange)="text.set($event)" [class.invalid]="problem()?.fields?.['text']" data-test="comment-box"></textarea>
        <span class="field-error">{{ problem()?.fields?.['text'] }}</span>
      </label>
      @if (problem(); as p) {
        @if (!p.fields['text']) {
          <p class="field-error" data-test="post-error">{{ p.message }}</p>
        }
      }
      <div class="buttons">
        <button type="submit" [disabled]="posting() || !text().trim()" data-test="post-comment">{{ 'thread.post' | t }}</button>
        @if (canDirect()) {
          <button type="button" class="primary" [disabled]="posting() || !text().trim()" (click)="post('directive')" data-test="post-directive">
            {{ 'thread.postDirective' | t }}
          </button>
        }
      </div>
    </form>
  `,
  styles: `
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    li p {
      margin: 0.25rem 0 0;
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
    .directive {
      margin-bottom: 0.5rem;
      padding: 0.55rem 0.75rem;
      border: 1px solid #b39ddb;
      border-left: 5px solid #5e35b1;
      border-radius: 4px;
      background: #f3effa;
    }
    .tag {
      color: #4527a0;
      font-weight: 700;
    }
    .comment {
      padding: 0.45rem 0;
      border-bottom: 1px solid var(--line);
    }
    .head {
      display: flex;
      flex-wrap: wrap;
      justify-content: space-between;
      gap: 0.5rem;
    }
    .muted {
      color: var(--muted);
      font-size: 0.85rem;
    }
    .box {
      margin-top: 0.75rem;
    }
    label.wide {
      display: flex;
      margin-right: 0;
    }
    .buttons {
      display: flex;
      flex-wrap: wrap;
      gap: 0.4rem;
    }
  `,
})
export class IncidentThreadComponent {
  private readonly api = inject(IncidentApi);
  protected readonly i18n = inject(I18n);
  readonly incidentId = input.required<string>();
  readonly refresh = input(0);
  /** Leaders and admins give directives. */
  readonly canDirect = input(false);

  private readonly fetched = refetching(this.incidentId, this.refresh, (id) => this.api.comments(id));
  protected readonly thread = computed(() => orderThread(this.fetched.value() ?? []));
  protected readonly text = signal('');
  protected readonly posting = signal(false);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly loadError = this.fetched.error;

  protected async post(kind: 'comment' | 'directive'): Promise<void> {
    const text = this.text().trim();
    if (!text || this.posting()) return;
    this.posting.set(true);
    this.problem.set(null);
    try {
      const saved = await this.api.postComment(this.incidentId(), text, kind);
      // Shown at once; the live change that follows refetches the same entry (merged by id).
      this.fetched.value.update((list) => (list?.some((e) => e.id === saved.id) ? list : [...(list ?? []), saved]));
      this.text.set('');
    } catch (err) {
      this.problem.set(apiProblem(err));
    } finally {
      this.posting.set(false);
    }
  }
}
