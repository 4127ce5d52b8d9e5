import {
  BusinessCalendar,
  DEFAULT_BUSINESS_CALENDAR,
} from '@landing/shared/domain-business-calendar';
import { Injectable } from '@nestjs/common';
import { DeskRepository } from './desk.repository';

/** How long a process keeps the calendar before reading it again. */
export const CALENDAR_CACHE_MS = 30_000;

/**
 * The business calendar in force: the stored settings, or the default (Asia/Tehran). Kept for
 * {@link CALENDAR_CACHE_MS}, so the worker reads the row at most twice a minute; a change made
 * through the api is used by that api process at once and by the others within the period.
 */
@Injectable()
export class DeskCalendarStore {
  private cached?: { calendar: BusinessCalendar; until: number };

  constructor(private readonly desk: DeskRepository) {}

  async current(now = Date.now()): Promise<BusinessCalendar> {
    if (this.cached && this.cached.until > now) return this.cached.calendar;
    const { settings } = await this.desk.calendar();
    const calendar = new BusinessCalendar(
      settings ?? DEFAULT_BUSINESS_CALENDAR,
    );
    this.cached = { calendar, until: now + CALENDAR_CACHE_MS };
    return calendar;
  }

  forget(): void {
    this.cached = undefined;
  }
}
