import { Dir } from '@angular/cdk/bidi';
import {
  ChangeDetectionStrategy,
  Component,
  ViewEncapsulation,
} from '@angular/core';

/**
 * The admin area's frame: carries the theme (Material system tokens on the product's
 * --lp-* tokens, loaded with this component, so only in lazy admin chunks) and the text
 * direction through CDK `Dir` (`<lp-admin-frame dir="rtl">`), which every Material piece
 * inside follows; nothing flips per component.
 */
@Component({
  selector: 'lp-admin-frame',
  changeDetection: ChangeDetectionStrategy.OnPush,
  encapsulation: ViewEncapsulation.None,
  hostDirectives: [{ directive: Dir, inputs: ['dir'] }],
  host: { class: 'lp-admin-frame' },
  template: '<ng-content />',
  styleUrl: './../theme/admin-theme.scss',
})
export class AdminFrame {}
