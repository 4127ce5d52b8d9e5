import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  LOCALE_ID,
  signal,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatDatepickerModule } from '@angular/material/datepicker';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { type FieldError } from '@landing/shared/contracts-lead';
import {
  BusinessCalendar,
  type BusinessCalendarSettings,
  calendarProblems,
  DEFAULT_BUSINESS_CALENDAR,
  type Weekday,
  type WorkingHours,
} from '@landing/shared/domain-business-calendar';
import {
  AdminApiError,
  DeskAdminApi,
  DeskAdminApiError,
} from '@landing/web/data-access-admin';
import {
  EmptyState,
  formatDateTime,
  intlLocale,
  isoDayOf,
  latinDigits,
  NumberPipe,
  PageHeader,
} from '@landing/web/ui-admin';

/** The working week as it is read here: Saturday first. */
export const WEEK_ORDER: readonly Weekday[] = [
  'saturday',
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
];

/** Zones offered when the browser cannot list its own. */
const FALLBACK_ZONES = [
  'Asia/Tehran',
  'Asia/Dubai',
  'Europe/Istanbul',
  'Europe/Berlin',
  'Europe/London',
  'UTC',
];

export function timeZones(): string[] {
  const intl = Intl as typeof Intl & {
    supportedValuesOf?: (key: 'timeZone') => string[];
  };
  const zones = intl.supportedValuesOf?.('timeZone') ?? FALLBACK_ZONES;
  return zones.includes('UTC') ? zones : [...zones, 'UTC'];
}

export function weekdayLabel(day: Weekday): string {
  switch (day) {
    case 'saturday':
      return $localize`:@@admin.calendar.saturday:Saturday`;
    case 'sunday':
      return $localize`:@@admin.calendar.sunday:Sunday`;
    case 'monday':
      return $localize`:@@admin.calendar.monday:Monday`;
    case 'tuesday':
      return $localize`:@@admin.calendar.tuesday:Tuesday`;
    case 'wednesday':
      return $localize`:@@admin.calendar.wednesday:Wednesday`;
    case 'thursday':
      return $localize`:@@admin.calendar.thursday:Thursday`;
    case 'friday':
      return $localize`:@@admin.calendar.friday:Friday`;
  }
}

/** When a lead arriving at `now` is due, or null while the settings are not usable. */
export function previewDue(
  settings: BusinessCalendarSettings,
  slaMinutes: number,
  now: Date,
): Date | null {
  if (calendarProblems(settings).length > 0) return null;
  try {
    return new BusinessCalendar(settings).addWorkingDuration(
      now,
      slaMinutes * 60_000,
    );
  } catch {
    return null;
  }
}

interface DayRow {
  day: Weekday;
  open: boolean;
  from: string;
  to: string;
}

/** The business calendar the first-contact SLA is counted in (admin role). */
@Component({
  selector: 'lp-admin-business-calendar',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    MatButtonModule,
    MatCheckboxModule,
    MatDatepickerModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    EmptyState,
    NumberPipe,
    PageHeader,
  ],
  template: `
    <lp-page-header [heading]="heading" [subtitle]="subtitle()" />
    @if (loading()) {
      <mat-progress-bar mode="indeterminate" />
    }
    @if (loadError(); as error) {
      <lp-empty-state [heading]="error" />
    } @else if (!loading()) {
      <form class="lp-calendar" (submit)="save($event)" novalidate>
        <section class="lp-card lp-calendar__section">
          <h2 i18n="@@admin.calendar.zone">Time zone</h2>
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label i18n="@@admin.calendar.zone">Time zone</mat-label>
            <mat-select
              [value]="timeZone()"
              (valueChange)="timeZone.set($event)"
              data-testid="calendar-zone"
            >
              @for (zone of zones; track zone) {
                <mat-option [value]="zone"
                  ><bdi>{{ zone }}</bdi></mat-option
                >
              }
            </mat-select>
            @if (fieldError('timeZone'); as message) {
              <mat-hint class="lp-error" role="alert">{{ message }}</mat-hint>
            }
          </mat-form-field>
        </section>

        <section class="lp-card lp-calendar__section">
          <h2 i18n="@@admin.calendar.week">Working hours</h2>
          <div class="lp-week" role="list">
            @for (row of days(); track row.day; let i = $index) {
              <div
                class="lp-week__row"
                role="listitem"
                [attr.data-day]="row.day"
              >
                <mat-checkbox
                  [checked]="row.open"
                  (change)="setDay(i, { open: $event.checked })"
                  >{{ dayName(row.day) }}</mat-checkbox
                >
                @if (row.open) {
                  <mat-form-field
                    appearance="outline"
                    subscriptSizing="dynamic"
                  >
                    <mat-label i18n="@@admin.calendar.opens">Opens</mat-label>
                    <input
                      matInput
                      dir="ltr"
                      inputmode="numeric"
                      maxlength="5"
                      placeholder="HH:MM"
                      [attr.data-testid]="'opens-' + row.day"
                      [value]="digits(row.from)"
                      (change)="
                        setDay(i, {
                          from: typedTime($any($event.target).value),
                        })
                      "
                    />
                  </mat-form-field>
                  <mat-form-field
                    appearance="outline"
                    subscriptSizing="dynamic"
                  >
                    <mat-label i18n="@@admin.calendar.closes">Closes</mat-label>
                    <input
                      matInput
                      dir="ltr"
                      inputmode="numeric"
                      maxlength="5"
                      placeholder="HH:MM"
                      [attr.data-testid]="'closes-' + row.day"
                      [value]="digits(row.to)"
                      (change)="
                        setDay(i, { to: typedTime($any($event.target).value) })
                      "
                    />
                  </mat-form-field>
                } @else {
                  <span class="lp-muted" i18n="@@admin.calendar.closed"
                    >Closed</span
                  >
                }
                @if (fieldError('week.' + row.day); as message) {
                  <span class="lp-error" role="alert">{{ message }}</span>
                }
              </div>
            }
          </div>
          @if (fieldError('week'); as message) {
            <p class="lp-error" role="alert">{{ message }}</p>
          }
        </section>

        <section class="lp-card lp-calendar__section">
          <h2 i18n="@@admin.calendar.holidays">Holidays</h2>
          <div class="lp-holiday-add">
            <mat-form-field appearance="outline" subscriptSizing="dynamic">
              <mat-label i18n="@@admin.calendar.holiday">Holiday</mat-label>
              <input
                matInput
                data-testid="holiday-date"
                [matDatepicker]="holidayPicker"
                [value]="draftDate()"
                (dateChange)="draftDate.set($event.value)"
              />
              <mat-datepicker-toggle matIconSuffix [for]="holidayPicker" />
              <mat-datepicker #holidayPicker />
            </mat-form-field>
            <button
              mat-stroked-button
              type="button"
              data-testid="holiday-add"
              [disabled]="!draftDate()"
              (click)="addHoliday()"
              i18n="@@admin.calendar.addHoliday"
            >
              Add holiday
            </button>
          </div>
          @if (holidays().length === 0) {
            <p class="lp-muted" i18n="@@admin.calendar.noHolidays">
              No holidays listed.
            </p>
          } @else {
            <ul class="lp-holidays" data-testid="holidays">
              @for (day of holidays(); track day; let i = $index) {
                <li [attr.data-day]="day">
                  <span>{{ dayText(day) }}</span>
                  <button
                    mat-button
                    type="button"
                    (click)="removeHoliday(day)"
                    i18n="@@admin.calendar.remove"
                  >
                    Remove
                  </button>
                  @if (fieldError('holidays.' + i); as message) {
                    <span class="lp-error" role="alert">{{ message }}</span>
                  }
                </li>
              }
            </ul>
          }
          @if (fieldError('holidays'); as message) {
            <p class="lp-error" role="alert">{{ message }}</p>
          }
        </section>

        <section class="lp-card lp-calendar__section" data-testid="sla-preview">
          <h2 i18n="@@admin.calendar.sla">First-contact promise</h2>
          <p i18n="@@admin.calendar.slaText">
            A lead is to be called within
            {{ slaMinutes() | lpNumber }} working minutes (set by the operator:
            DESK_FIRST_CONTACT_SLA_MINUTES).
          </p>
          @if (preview(); as due) {
            <p class="lp-preview" data-testid="sla-preview-due">
              <span i18n="@@admin.calendar.preview"
                >A lead arriving now is due at</span
              >
              <strong>{{ dueText(due) }}</strong>
            </p>
          } @else {
            <p class="lp-error" i18n="@@admin.calendar.previewNone">
              Fix the hours above (HH:MM, 24-hour) to see a due time.
            </p>
          }
        </section>

        @if (formError(); as message) {
          <p class="lp-error" role="alert" data-testid="calendar-error">
            {{ message }}
          </p>
        }
        <div class="lp-calendar__actions">
          <button
            mat-flat-button
            type="submit"
            data-testid="calendar-save"
            [disabled]="saving()"
            i18n="@@admin.calendar.save"
          >
            Save
          </button>
          <button
            mat-button
            type="button"
            (click)="useDefaults()"
            i18n="@@admin.calendar.defaults"
          >
            Use the defaults
          </button>
        </div>
      </form>
    }
  `,
  styles: `
    .lp-calendar {
      display: grid;
      gap: 1rem;
      max-width: 52rem;
    }
    .lp-calendar__section {
      padding: 1rem 1.25rem;
      h2 {
        margin: 0 0 0.75rem;
        font-size: 1.0625rem;
      }
      mat-form-field {
        min-width: 14rem;
      }
    }
    .lp-week__row {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem 1rem;
      padding-block: 0.25rem;
      mat-checkbox {
        min-width: 9rem;
      }
      mat-form-field {
        min-width: 8rem;
        width: 9rem;
      }
    }
    .lp-holiday-add {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      align-items: center;
      margin-block-end: 0.5rem;
    }
    .lp-holidays {
      list-style: none;
      margin: 0;
      padding: 0;
      li {
        display: flex;
        align-items: center;
        gap: 0.75rem;
        border-block-end: 1px solid var(--lp-divider);
      }
    }
    .lp-preview strong {
      margin-inline-start: 0.5rem;
    }
    .lp-muted {
      color: var(--lp-muted);
    }
    .lp-error {
      color: var(--lp-error);
    }
    .lp-calendar__actions {
      display: flex;
      gap: 0.5rem;
    }
  `,
})
export class BusinessCalendarPage {
  private readonly api = inject(DeskAdminApi);
  private readonly snack = inject(MatSnackBar);
  private readonly locale = inject(LOCALE_ID);
  protected readonly heading = $localize`:@@admin.team.calendar:Business calendar`;
  protected readonly zones = timeZones();

  protected readonly loading = signal(true);
  protected readonly loadError = signal<string | null>(null);
  protected readonly saving = signal(false);
  protected readonly timeZone = signal(DEFAULT_BUSINESS_CALENDAR.timeZone);
  protected readonly days = signal<DayRow[]>(rowsOf(DEFAULT_BUSINESS_CALENDAR));
  protected readonly holidays = signal<string[]>([]);
  protected readonly draftDate = signal<Date | null>(null);
  protected readonly slaMinutes = signal(480);
  protected readonly updatedAt = signal<string | null>(null);
  protected readonly fields = signal<readonly FieldError[]>([]);
  protected readonly formError = signal<string | null>(null);
  protected readonly now = signal(new Date());

  protected readonly settings = computed<BusinessCalendarSettings>(() => ({
    timeZone: this.timeZone(),
    week: Object.fromEntries(
      this.days().map((row) => [
        row.day,
        row.open ? ({ open: row.from, close: row.to } as WorkingHours) : null,
      ]),
    ) as Record<Weekday, WorkingHours | null>,
    holidays: this.holidays(),
  }));
  protected readonly preview = computed(() =>
    previewDue(this.settings(), this.slaMinutes(), this.now()),
  );
  protected readonly subtitle = computed(() => {
    const at = this.updatedAt();
    if (!at)
      return $localize`:@@admin.calendar.default:The default calendar applies`;
    const when = formatDateTime(at, this.locale);
    return $localize`:@@admin.calendar.updated:Last changed ${when}:WHEN:`;
  });

  constructor() {
    void this.load();
  }

  protected dayName = weekdayLabel;

  private readonly holidayFormat = new Intl.DateTimeFormat(
    intlLocale(this.locale),
    {
      weekday: 'short',
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      timeZone: 'UTC',
    },
  );
  private readonly digitFormat = new Intl.NumberFormat(
    intlLocale(this.locale),
    { useGrouping: false },
  );

  /** The due time on the calendar's own clock, with its zone (not the browser's). */
  protected dueText(due: Date): string {
    const zone = this.timeZone();
    return `${new Intl.DateTimeFormat(intlLocale(this.locale), {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: zone,
    }).format(due)} (${zone})`;
  }

  /** A holiday with its year and weekday (Jalali in Persian). */
  protected dayText(iso: string): string {
    return this.holidayFormat.format(new Date(`${iso}T12:00:00Z`));
  }

  /** `09:00` in the build's digits (۰۹:۰۰ in Persian). */
  protected digits(time: string): string {
    return time.replace(/\d/g, (d) => this.digitFormat.format(Number(d)));
  }

  /** What was typed, in Latin digits, `9:30` written `09:30`. */
  protected typedTime(value: string): string {
    const text = latinDigits(value).trim();
    return /^\d:\d\d$/.test(text) ? `0${text}` : text;
  }

  protected fieldError(field: string): string | null {
    return this.fields().find((f) => f.field === field)?.message ?? null;
  }

  protected setDay(index: number, change: Partial<DayRow>): void {
    this.days.update((rows) =>
      rows.map((row, i) => (i === index ? { ...row, ...change } : row)),
    );
    this.now.set(new Date());
  }

  protected addHoliday(): void {
    const day = isoDayOf(this.draftDate());
    if (!day) return;
    this.holidays.update((list) =>
      list.includes(day) ? list : [...list, day].sort(),
    );
    this.draftDate.set(null);
  }

  protected removeHoliday(day: string): void {
    this.holidays.update((list) => list.filter((d) => d !== day));
  }

  protected useDefaults(): void {
    this.apply(DEFAULT_BUSINESS_CALENDAR);
  }

  protected async save(event: Event): Promise<void> {
    event.preventDefault();
    this.saving.set(true);
    this.fields.set([]);
    this.formError.set(null);
    try {
      const saved = await this.api.saveCalendar(this.settings());
      this.apply(saved);
      this.updatedAt.set(saved.updatedAt);
      this.snack.open(
        $localize`:@@admin.calendar.saved:Business calendar saved`,
      );
    } catch (error) {
      if (error instanceof DeskAdminApiError) this.fields.set(error.fields);
      this.formError.set(
        error instanceof AdminApiError ? error.message : String(error),
      );
    } finally {
      this.saving.set(false);
    }
  }

  private async load(): Promise<void> {
    try {
      const calendar = await this.api.calendar();
      this.apply(calendar);
      this.slaMinutes.set(calendar.firstContactSlaMinutes);
      this.updatedAt.set(calendar.updatedAt);
    } catch (error) {
      this.loadError.set(
        error instanceof AdminApiError ? error.message : String(error),
      );
    } finally {
      this.loading.set(false);
    }
  }

  private apply(settings: BusinessCalendarSettings): void {
    this.timeZone.set(settings.timeZone);
    this.days.set(rowsOf(settings));
    this.holidays.set([...settings.holidays]);
    this.now.set(new Date());
  }
}

function rowsOf(settings: BusinessCalendarSettings): DayRow[] {
  return WEEK_ORDER.map((day) => {
    const hours = settings.week[day];
    return {
      day,
      open: hours !== null,
      from: hours?.open ?? '09:00',
      to: hours?.close ?? '17:00',
    };
  });
}
