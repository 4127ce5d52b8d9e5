import { type MailSendJob } from '@landing/shared/contracts-mail';
import { DEFAULT_BUSINESS_CALENDAR } from '@landing/shared/domain-business-calendar';
import { BusinessCalendar } from '@landing/shared/domain-business-calendar';
import { Logger } from '@nestjs/common';
import { digestDue } from './mail-digest';
import { persianDigits, renderMail } from './mail-templates';
import { LogTransport } from './mail-transport';

const context = {
  baseUrl: 'https://landing.example.com',
  timeZone: 'Asia/Tehran',
};

const breach = (language: 'fa' | 'en'): MailSendJob => ({
  kind: 'sla_breach',
  to: { email: 'ana@example.com', language },
  data: {
    leads: [
      {
        leadId: 'L1',
        maskedPhone: '+98*******567',
        at: '2026-12-01T06:30:00.000Z',
      },
      {
        leadId: 'L2',
        maskedPhone: '+98*******890',
        at: '2026-12-01T07:00:00.000Z',
      },
    ],
    total: 2,
  },
  messageKey: 'k',
});

describe('renderMail', () => {
  it('writes Persian right to left with Persian digits in both parts', () => {
    const mail = renderMail(breach('fa'), context);
    expect(mail.subject).toBe('۲ سرنخ به‌موقع تماس نگرفت');
    expect(mail.html).toContain('<html lang="fa" dir="rtl">');
    expect(mail.text).toContain('+۹۸*******۵۶۷');
    expect(mail.text).not.toMatch(/[0-9]{2}:[0-9]{2}/);
    expect(mail.text).toContain('https://landing.example.com/fa/admin/leads');
  });

  it('writes English left to right with the same content', () => {
    const mail = renderMail(breach('en'), context);
    expect(mail.subject).toBe('2 leads not called back in time');
    expect(mail.html).toContain('<html lang="en" dir="ltr">');
    expect(mail.text).toContain('+98*******567');
    expect(mail.text).toContain('10:00'); // 06:30Z in Tehran
  });

  it('counts every breached lead in the subject when the list is cut', () => {
    const job = breach('en');
    if (job.kind === 'sla_breach') job.data.total = 60;
    const mail = renderMail(job, context);
    expect(mail.subject).toBe('60 leads not called back in time');
    expect(mail.text).toContain('and 58 more.');
  });

  it('escapes what it did not write, such as an endpoint URL', () => {
    const mail = renderMail(
      {
        kind: 'webhook_disabled',
        to: { email: 'a@example.com', language: 'en' },
        data: {
          endpointId: 'e',
          url: 'https://x.test/"><script>alert(1)</script>',
          failures: 50,
        },
        messageKey: 'k',
      },
      context,
    );
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;');
  });

  it('never includes a password in the welcome e-mail, only the sign-in link', () => {
    const mail = renderMail(
      {
        kind: 'account_created',
        to: { email: 'a@example.com', language: 'fa' },
        data: { role: 'reviewer' },
        messageKey: 'k',
      },
      context,
    );
    expect(mail.text).toContain('https://landing.example.com/fa/admin/login');
    expect(mail.text).toContain('گذرواژهٔ موقت');
  });

  it('maps every ASCII digit to its Persian form', () => {
    expect(persianDigits('+98 0123456789')).toBe('+۹۸ ۰۱۲۳۴۵۶۷۸۹');
  });
});

describe('the log transport (no SMTP_URL)', () => {
  it('logs the masked recipient and subject, and the body only when asked', async () => {
    const lines: string[] = [];
    const logger = new Logger('test');
    jest.spyOn(logger, 'log').mockImplementation((m: string) => {
      lines.push(m);
    });
    const job = breach('en');
    const mail = renderMail(job, context);
    await new LogTransport(logger, false).send(job, mail);
    await new LogTransport(logger, true).send(job, mail);
    expect(lines[0]).toBe(
      'e-mail not sent (SMTP_URL unset): sla_breach to a***@example.com [en] "2 leads not called back in time"',
    );
    expect(lines[1]).toContain(mail.text);
  });
});

describe('digestDue', () => {
  const tehran = new BusinessCalendar(DEFAULT_BUSINESS_CALENDAR);
  it('is due after MAIL_DIGEST_AT on a working day and covers the day before', () => {
    const due = digestDue(
      new Date('2026-12-05T08:31:00+03:30').getTime(),
      '08:30',
      tehran,
    );
    expect(due).toEqual({
      send: true,
      day: '2026-12-05',
      covers: '2026-12-04',
      from: new Date('2026-12-04T00:00:00+03:30'),
      to: new Date('2026-12-05T00:00:00+03:30'),
    });
  });

  it('waits until MAIL_DIGEST_AT and skips closed days', () => {
    expect(
      digestDue(
        new Date('2026-12-05T08:29:00+03:30').getTime(),
        '08:30',
        tehran,
      ),
    ).toEqual({ send: false, reason: 'too_early' });
    expect(
      digestDue(
        new Date('2026-12-04T09:00:00+03:30').getTime(),
        '08:30',
        tehran,
      ),
    ).toEqual({ send: false, reason: 'not_a_working_day' });
  });
});
