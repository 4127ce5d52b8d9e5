/** The business calendar the first-contact SLA is counted in (`GET`/`PUT /api/admin/settings/business-calendar`). */

export const WEEKDAYS = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
] as const;

export type Weekday = (typeof WEEKDAYS)[number];

/** Opening hours of one day, local time `HH:MM` (close may be `24:00`); null: closed all day. */
export interface WorkingHours {
  open: string;
  close: string;
}

export interface BusinessCalendarSettings {
  /** IANA time zone, e.g. `Asia/Tehran`. */
  timeZone: string;
  week: Record<Weekday, WorkingHours | null>;
  /** Local dates (`YYYY-MM-DD`) on which nobody works. */
  holidays: string[];
}

export const DEFAULT_BUSINESS_CALENDAR: BusinessCalendarSettings = {
  timeZone: 'Asia/Tehran',
  week: {
    saturday: { open: '09:00', close: '17:00' },
    sunday: { open: '09:00', close: '17:00' },
    monday: { open: '09:00', close: '17:00' },
    tuesday: { open: '09:00', close: '17:00' },
    wednesday: { open: '09:00', close: '17:00' },
    thursday: { open: '09:00', close: '13:00' },
    friday: null,
  },
  holidays: [],
};

/** The most holidays a calendar may list (about ten years of them). */
export const MAX_HOLIDAYS = 400;
