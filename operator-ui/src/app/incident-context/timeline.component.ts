import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { I18n, TranslatePipe } from '@ui/i18n';
import { ContextApi, type TimelineItem } from './context-api';
import { refetching } from './refetching';
import { inTimeOrder, timelineDetail, timelineLabel, timelineLook } from './timeline';

/** What happened to the incident, oldest first: events, steps, tasks, comments and directives, in city time. */
@Component({
  selector: 'op-incident-timeline',
  imports: [RouterLink, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (error(); as message) {
      <p class="banner error" role="alert">{{ message }}</p>
    }
    @if (truncated()) {
      <p class="muted">{{ 'context.timeline.truncated' | t }}</p>
    }
    <ol class="timeline" data-test="timeline">
      @for (e of entries(); track $index) {
        <li [class]="'tone-' + e.look.tone" data-test="timeline-item" [attr.data-kind]="e.item.kind">
          <span class="icon" aria-hidden="true">{{ e.look.icon }}</span>
          <div class="body">
            <div class="head">
              <strong>{{ e.label }}</strong>
              <time [attr.datetime]="e.item.at">{{ e.time }}</time>
            </div>
            @if (e.item.text) {
              <p class="text">{{ e.item.text }}</p>
            }
            @if (e.detail) {
              <p class="text" data-test="timeline-detail">{{ e.detail }}</p>
            }
            <div class="meta">
              @if (e.item.actor) {
                <span>{{ e.item.actor }}</span>
              }
              @if (e.item.stepId) {
                <span>{{ 'context.timeline.step' | t }}: {{ e.item.stepId }}</span>
              }
              @if (e.item.taskId) {
                <a [routerLink]="['/tasks', e.item.taskId]">{{ 'context.timeline.openTask' | t }}</a>
              }
            </div>
          </div>
        </li>
      } @empty {
        @if (loaded()) {
          @if (!error()) {
            <li class="muted">{{ 'context.timeline.empty' | t }}</li>
          }
        } @else {
          <li class="muted">{{ 'common.loading' | t }}</li>
        }
      }
    </ol>
  `,
  styles: `
    .timeline {
      list-style: none;
      margin: 0;
      padding: 0;
      max-height: 420px;
      overflow-y: auto;
    }
    li {
      display: flex;
      gap: 0.6rem;
      padding: 0.45rem 0;
      border-bottom: 1px solid var(--line);
    }
    .icon {
      flex: none;
      width: 1.8rem;
      height: 1.8rem;
      border-radius: 50%;
      display: grid;
      place-items: center;
      background: #eceff1;
    }
    .tone-good .icon {
      background: #e8f5e9;
    }
    .tone-warn .icon {
      background: #fff3e0;
    }
    .tone-bad .icon {
      background: #fdecea;
    }
    .tone-lead .icon {
      background: #ede7f6;
    }
    .body {
      min-width: 0;
      flex: 1;
    }
    .head {
      display: flex;
      flex-wrap: wrap;
      justify-content: space-between;
      gap: 0.5rem;
    }
    time,
    .meta,
    .muted {
      color: var(--muted);
      font-size: 0.85rem;
    }
    .meta {
      display: flex;
      flex-wrap: wrap;
      gap: 0.75rem;
    }
    .text {
      margin: 0.2rem 0;
      overflow-wrap: anywhere;
    }
  `,
})
export class IncidentTimelineComponent {
  private readonly api = inject(ContextApi);
  private readonly i18n = inject(I18n);
  readonly incidentId = input.required<string>();
  readonly refresh = input(0);

  private readonly fetched = refetching(this.incidentId, this.refresh, (id) => this.api.timeline(id));
  private readonly items = computed<TimelineItem[]>(() => this.fetched.value()?.items ?? []);
  protected readonly loaded = this.fetched.settled;
  /** The API keeps the latest entries of a long story. */
  protected readonly truncated = computed(() => this.fetched.value()?.truncated === true);
  protected readonly error = this.fetched.error;
  protected readonly entries = computed(() => {
    const t = (key: string, params?: Record<string, string | number>) => this.i18n.t(key, params);
    return inTimeOrder(this.items()).map((item) => ({
      item,
      look: timelineLook(item.kind),
      label: timelineLabel(item.kind, t),
      detail: timelineDetail(item, t),
      time: this.i18n.dateTime(item.at),
    }));
  });
}
