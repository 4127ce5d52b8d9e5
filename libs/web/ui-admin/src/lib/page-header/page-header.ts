import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/** A screen's title, an optional line under it, and its actions (`<ng-content>`) at the end. */
@Component({
  selector: 'lp-page-header',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="lp-page-header__text">
      <h1 class="lp-page-header__title">{{ heading() }}</h1>
      @if (subtitle()) {
        <p class="lp-page-header__subtitle" data-testid="page-subtitle">
          {{ subtitle() }}
        </p>
      }
    </div>
    <div class="lp-page-header__actions"><ng-content /></div>
  `,
  styles: `
    :host {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.75rem 1rem;
      margin-block-end: 1rem;
    }
    .lp-page-header__text {
      margin-inline-end: auto;
    }
    .lp-page-header__title {
      margin: 0;
      font-size: 1.5rem;
      font-weight: 700;
      line-height: 2rem;
      color: var(--lp-ink);
    }
    .lp-page-header__subtitle {
      margin: 0;
      color: var(--lp-muted);
    }
    .lp-page-header__actions {
      flex: 1 1 auto;
      justify-content: flex-end;
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      align-items: center;
    }
  `,
})
export class PageHeader {
  readonly heading = input.required<string>();
  readonly subtitle = input<string>('');
}
