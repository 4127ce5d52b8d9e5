import {
  ChangeDetectionStrategy,
  Component,
  DOCUMENT,
  inject,
  LOCALE_ID,
} from '@angular/core';
import { getLocaleDirection } from '@angular/common';
import { RouterOutlet } from '@angular/router';

@Component({
  selector: 'lp-admin-root',
  imports: [RouterOutlet],
  template: '<router-outlet />',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AdminApp {
  constructor() {
    // Overlays (dialogs, menus, snack bars) attach to <body>: the page's own direction
    // must match the shell's CDK Dir, or their scrollbars and focus order come out mirrored.
    const root = inject(DOCUMENT).documentElement;
    root.dir = getLocaleDirection(inject(LOCALE_ID));
  }
}
