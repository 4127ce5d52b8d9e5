import { StaffAccountRepository } from '@landing/server/persistence-admin';
import {
  DeskCalendarStore,
  DeskMailRepository,
} from '@landing/server/persistence-desk';
import { APP_CONFIG, type AppConfig } from '@landing/server/util-config';
import { MailQueueProducer } from '@landing/server/util-mail';
import {
  localDateOf,
  previousLocalDate,
  startOfLocalDate,
} from '@landing/shared/domain-business-calendar';
import { Inject, Injectable } from '@nestjs/common';
import { MAIL_LEADS_LIMIT, toMailLead } from './mail-notifier';

/** `HH:MM` of an instant in a time zone. */
export function localTimeOf(instant: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(instant));
  const part = (type: string) =>
    parts.find((p) => p.type === type)?.value ?? '00';
  return `${part('hour')}:${part('minute')}`;
}

export type DigestDecision =
  | { send: false; reason: 'too_early' | 'not_a_working_day' }
  | { send: true; day: string; covers: string; from: Date; to: Date };

/**
 * Whether the digest is due at `now`: a working day of the business calendar, at or after
 * `MAIL_DIGEST_AT` local time. It covers yesterday's leads (a Saturday digest after a closed
 * Friday covers Friday: nothing waits for the next working day to be reported).
 */
export function digestDue(
  now: number,
  at: string,
  calendar: {
    settings: { timeZone: string };
    isWorkingDay(date: string): boolean;
  },
): DigestDecision {
  const zone = calendar.settings.timeZone;
  const today = localDateOf(now, zone);
  if (localTimeOf(now, zone) < at) return { send: false, reason: 'too_early' };
  if (!calendar.isWorkingDay(today))
    return { send: false, reason: 'not_a_working_day' };
  const yesterday = previousLocalDate(today);
  return {
    send: true,
    day: today,
    covers: yesterday,
    from: new Date(startOfLocalDate(yesterday, zone)),
    to: new Date(startOfLocalDate(today, zone)),
  };
}

/** Builds each enabled staff member's digest: admins see every lead, others their own. */
@Injectable()
export class MailDigest {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly staff: StaffAccountRepository,
    private readonly leads: DeskMailRepository,
    private readonly calendars: DeskCalendarStore,
    private readonly producer: MailQueueProducer,
  ) {}

  /** The day's digests if due and not yet sent (`claim` says whether this call sends them). */
  async tick(
    claim: (day: string) => Promise<boolean>,
    now = Date.now(),
  ): Promise<number> {
    const calendar = await this.calendars.current(now);
    const due = digestDue(now, this.config.MAIL_DIGEST_AT, calendar);
    if (!due.send || !(await claim(due.day))) return 0;
    const staff = await this.staff.recipients();
    for (const member of staff) {
      const scope = member.role === 'admin' ? 'all' : 'own';
      const digest = await this.leads.digest(
        due.from,
        due.to,
        scope === 'all' ? null : member.id,
        MAIL_LEADS_LIMIT,
        new Date(now),
      );
      await this.producer.send([
        {
          kind: 'daily_digest',
          to: { email: member.email, language: member.language },
          data: {
            day: due.covers,
            scope,
            newLeads: digest.newLeads.map(toMailLead),
            newLeadsTotal: digest.newLeadsTotal,
            overdue: digest.overdue.map(toMailLead),
            overdueTotal: digest.overdueTotal,
          },
          messageKey: `digest:${due.day}:${member.id}`,
        },
      ]);
    }
    return staff.length;
  }
}
