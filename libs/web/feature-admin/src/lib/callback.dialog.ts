import {
  ChangeDetectionStrategy,
  Component,
  inject,
  signal,
} from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDatepickerModule } from '@angular/material/datepicker';
import { MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatTimepickerModule } from '@angular/material/timepicker';
import { combineDayAndTime } from './desk-queue';

/**
 * When to call back: a day in the build's calendar (Jalali in Persian) and a time on a
 * 24-hour clock in the build's digits (Material's timepicker on the same date adapter), in
 * the future. Closes with the ISO moment, or nothing when cancelled.
 */
@Component({
  selector: 'lp-callback-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    MatDialogModule,
    MatButtonModule,
    MatDatepickerModule,
    MatFormFieldModule,
    MatInputModule,
    MatTimepickerModule,
    ReactiveFormsModule,
  ],
  template: `
    <h2 mat-dialog-title i18n="@@admin.desk.callback.title">
      When should we call back?
    </h2>
    <form (submit)="save($event)">
      <mat-dialog-content class="lp-callback">
        <mat-form-field appearance="outline">
          <mat-label i18n="@@admin.desk.callback.day">Day</mat-label>
          <input
            matInput
            data-testid="callback-day"
            [matDatepicker]="picker"
            [min]="today"
            [value]="day()"
            (dateChange)="day.set($event.value)"
            required
          />
          <mat-datepicker-toggle matIconSuffix [for]="picker" />
          <mat-datepicker #picker />
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label i18n="@@admin.desk.callback.time">Time</mat-label>
          <input
            matInput
            data-testid="callback-time"
            [matTimepicker]="timePicker"
            [formControl]="time"
            required
          />
          <mat-timepicker-toggle matIconSuffix [for]="timePicker" />
          <mat-timepicker #timePicker interval="15m" />
        </mat-form-field>
        @if (error(); as e) {
          <p role="alert" class="lp-callback__error">{{ e }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close i18n="@@admin.cancel">
          Cancel
        </button>
        <button
          mat-flat-button
          type="submit"
          data-testid="callback-save"
          i18n="@@admin.desk.callback.save"
        >
          Set callback
        </button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .lp-callback {
      display: grid;
      gap: 0.5rem;
      min-width: min(20rem, 80vw);
    }
    .lp-callback__error {
      margin: 0;
      color: var(--mat-sys-error);
    }
  `,
})
export class CallbackDialog {
  private readonly ref = inject(MatDialogRef<CallbackDialog, string>);
  protected readonly today = (() => {
    const d = new Date();
    d.setHours(0, 0, 0, 0);
    return d;
  })();
  /** One hour from now, on the quarter hour, as the suggestion. */
  private readonly suggested = (() => {
    const d = new Date(Date.now() + 3_600_000);
    d.setMinutes(Math.ceil(d.getMinutes() / 15) * 15, 0, 0);
    return d;
  })();
  protected readonly day = signal<Date | null>(
    new Date(
      this.suggested.getFullYear(),
      this.suggested.getMonth(),
      this.suggested.getDate(),
    ),
  );
  /** A form control: `matInput` and the timepicker both have a `value` input. */
  protected readonly time = new FormControl<Date | null>(this.suggested);
  protected readonly error = signal<string | null>(null);

  protected save(event: Event): void {
    event.preventDefault();
    const at = combineDayAndTime(this.day(), this.time.value);
    if (!at)
      this.error.set(
        $localize`:@@admin.desk.callback.missing:Choose a day and a time.`,
      );
    // Checked against the clock at the moment of saving; the server checks again with its own.
    else if (at.getTime() <= Date.now())
      this.error.set(
        $localize`:@@admin.desk.callback.past:The callback must be in the future.`,
      );
    else this.ref.close(at.toISOString());
  }
}
