import {
  type MailLanguage,
  type MailLead,
  type MailSendJob,
} from '@landing/shared/contracts-mail';

/** A rendered message: both parts, so clients that show no HTML read the same text. */
export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

export interface MailContext {
  /** `PUBLIC_BASE_URL`, without a trailing slash. */
  baseUrl: string;
  /** The business calendar's time zone, for the times shown. */
  timeZone: string;
}

const PERSIAN_DIGITS = '۰۱۲۳۴۵۶۷۸۹';

/** ASCII digits to Persian ones (`+98*…` stays readable: only digits change). */
export function persianDigits(text: string): string {
  return text.replace(/[0-9]/g, (d) => PERSIAN_DIGITS[Number(d)] ?? d);
}

const escapeHtml = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

function number(value: number, language: MailLanguage): string {
  return language === 'fa' ? persianDigits(String(value)) : String(value);
}

function time(iso: string, language: MailLanguage, timeZone: string): string {
  const formatted = new Intl.DateTimeFormat(
    language === 'fa' ? 'fa-IR-u-ca-persian-nu-arabext' : 'en-GB',
    {
      timeZone,
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    },
  ).format(new Date(iso));
  // Intl may answer Arabic-Indic or ASCII digits depending on the ICU data: Persian always.
  return language === 'fa'
    ? persianDigits(formatted).replace(/[٠-٩]/g, (d) =>
        persianDigits(String(d.charCodeAt(0) - 0x0660)),
      )
    : formatted;
}

const phone = (lead: MailLead, language: MailLanguage) =>
  language === 'fa' ? persianDigits(lead.maskedPhone) : lead.maskedPhone;

interface Section {
  heading?: string;
  /** Plain lines; each becomes a paragraph or a list item. */
  lines: string[];
  list?: boolean;
}

interface Message {
  subject: string;
  greeting: string;
  sections: Section[];
  link: { label: string; href: string };
  footer: string;
}

const TEXT = {
  fa: {
    greeting: 'سلام،',
    footer:
      'این نامه را سامانهٔ لندینگ فرستاده است؛ به آن پاسخ ندهید. شماره‌ها پوشیده‌اند: شمارهٔ کامل را در بخش کارکنان ببینید.',
    openAdmin: 'باز کردن بخش کارکنان',
    leadLine: (p: string, at: string) => `${p} — ${at}`,
    slaSubject: (n: string) => `${n} سرنخ به‌موقع تماس نگرفت`,
    slaIntro: (n: string) =>
      `${n} سرنخ از مهلت نخستین تماس گذشت و هنوز کسی با آن‌ها تماس نگرفته است:`,
    dueAt: 'مهلت',
    digestSubject: (day: string) => `گزارش روزانهٔ سرنخ‌ها — ${day}`,
    digestNew: (n: string, scope: 'all' | 'own') =>
      scope === 'all' ? `سرنخ‌های تازه (${n})` : `سرنخ‌های تازهٔ شما (${n})`,
    digestOverdue: (n: string) => `گذشته از مهلت (${n})`,
    none: 'هیچ.',
    more: (n: string) => `و ${n} مورد دیگر.`,
    accountSubject: 'حساب کارکنان شما ساخته شد',
    accountBody: (role: string) => [
      `یک مدیر برای شما حساب کارکنان با نقش «${role === 'admin' ? 'مدیر' : 'بازبین'}» ساخت.`,
      'گذرواژهٔ موقت را همان مدیر جداگانه به شما می‌دهد؛ این نامه آن را ندارد.',
      'در نخستین ورود باید گذرواژهٔ موقت را با گذرواژه‌ای از خودتان عوض کنید.',
    ],
    signIn: 'ورود',
    webhookSubject: 'یک وب‌هوک غیرفعال شد',
    webhookBody: (url: string, failures: string) => [
      `نشانی ${url} پس از ${failures} تلاش ناموفق پیاپی غیرفعال شد و دیگر رویدادی دریافت نمی‌کند.`,
      'پس از درست شدن گیرنده، آن را در بخش کارکنان دوباره فعال کنید و تحویل‌های ناموفق را دوباره بفرستید.',
    ],
  },
  en: {
    greeting: 'Hello,',
    footer:
      'Sent by the landing system; please do not reply. Phone numbers are masked: the staff area shows them in full.',
    openAdmin: 'Open the staff area',
    leadLine: (p: string, at: string) => `${p} — ${at}`,
    slaSubject: (n: string) =>
      `${n} lead${n === '1' ? '' : 's'} not called back in time`,
    slaIntro: (n: string) =>
      `${n} lead${n === '1' ? '' : 's'} passed the first-contact due time without a call:`,
    dueAt: 'due',
    digestSubject: (day: string) => `Daily lead digest — ${day}`,
    digestNew: (n: string, scope: 'all' | 'own') =>
      scope === 'all' ? `New leads (${n})` : `Your new leads (${n})`,
    digestOverdue: (n: string) => `Overdue (${n})`,
    none: 'None.',
    more: (n: string) => `and ${n} more.`,
    accountSubject: 'Your staff account is ready',
    accountBody: (role: string) => [
      `An admin created a staff account for you with the role "${role}".`,
      'The admin gives you the temporary password separately; this e-mail does not contain it.',
      'At your first sign-in you must replace the temporary password with one of your own.',
    ],
    signIn: 'Sign in',
    webhookSubject: 'A webhook endpoint was disabled',
    webhookBody: (url: string, failures: string) => [
      `${url} was disabled after ${failures} consecutive failed attempts and receives no more events.`,
      'Once the receiver is fixed, turn it back on in the staff area and redeliver the failed deliveries.',
    ],
  },
} as const;

function leadLines(
  leads: readonly MailLead[],
  language: MailLanguage,
  timeZone: string,
): string[] {
  return leads.map((lead) =>
    TEXT[language].leadLine(
      phone(lead, language),
      time(lead.at, language, timeZone),
    ),
  );
}

function message(job: MailSendJob, context: MailContext): Message {
  const language = job.to.language;
  const t = TEXT[language];
  const admin = `${context.baseUrl}/${language}/admin/`;
  const n = (value: number) => number(value, language);
  switch (job.kind) {
    case 'sla_breach': {
      const count = n(job.data.total);
      const lines = leadLines(job.data.leads, language, context.timeZone).map(
        (line) => `${line} (${t.dueAt})`,
      );
      if (job.data.total > job.data.leads.length)
        lines.push(t.more(n(job.data.total - job.data.leads.length)));
      return {
        subject: t.slaSubject(count),
        greeting: t.greeting,
        sections: [{ lines: [t.slaIntro(count)] }, { lines, list: true }],
        link: { label: t.openAdmin, href: `${admin}leads` },
        footer: t.footer,
      };
    }
    case 'daily_digest': {
      const data = job.data;
      const day = language === 'fa' ? persianDigits(data.day) : data.day;
      const list = (leads: readonly MailLead[], total: number): Section => {
        const lines = leadLines(leads, language, context.timeZone);
        if (total > leads.length) lines.push(t.more(n(total - leads.length)));
        return { lines: lines.length > 0 ? lines : [t.none], list: true };
      };
      return {
        subject: t.digestSubject(day),
        greeting: t.greeting,
        sections: [
          {
            heading: t.digestNew(n(data.newLeadsTotal), data.scope),
            ...list(data.newLeads, data.newLeadsTotal),
          },
          {
            heading: t.digestOverdue(n(data.overdueTotal)),
            ...list(data.overdue, data.overdueTotal),
          },
        ],
        link: { label: t.openAdmin, href: `${admin}leads` },
        footer: t.footer,
      };
    }
    case 'account_created':
      return {
        subject: t.accountSubject,
        greeting: t.greeting,
        sections: [{ lines: [...t.accountBody(job.data.role)] }],
        link: { label: t.signIn, href: `${admin}login` },
        footer: t.footer,
      };
    case 'webhook_disabled':
      return {
        subject: t.webhookSubject,
        greeting: t.greeting,
        sections: [
          {
            lines: [...t.webhookBody(job.data.url, n(job.data.failures))],
          },
        ],
        link: { label: t.openAdmin, href: `${admin}` },
        footer: t.footer,
      };
  }
}

/**
 * Renders one e-mail in the recipient's language: Persian right to left with Persian digits,
 * English left to right; an HTML part and a plain-text part with the same content.
 */
export function renderMail(
  job: MailSendJob,
  context: MailContext,
): RenderedMail {
  const language = job.to.language;
  const m = message(job, context);
  const dir = language === 'fa' ? 'rtl' : 'ltr';
  const align = language === 'fa' ? 'right' : 'left';
  const html = [
    `<!doctype html><html lang="${language}" dir="${dir}"><head><meta charset="utf-8"><title>${escapeHtml(m.subject)}</title></head>`,
    `<body dir="${dir}" style="font-family:Tahoma,Vazirmatn,Arial,sans-serif;text-align:${align};line-height:1.7;color:#1b1b1f">`,
    `<p>${escapeHtml(m.greeting)}</p>`,
    ...m.sections.map((section) => {
      const heading = section.heading
        ? `<h3 style="margin:1em 0 .25em">${escapeHtml(section.heading)}</h3>`
        : '';
      const body = section.list
        ? `<ul>${section.lines.map((line) => `<li><bdi>${escapeHtml(line)}</bdi></li>`).join('')}</ul>`
        : section.lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('');
      return heading + body;
    }),
    `<p><a href="${escapeHtml(m.link.href)}">${escapeHtml(m.link.label)}</a></p>`,
    `<p style="color:#5f5e66;font-size:12px">${escapeHtml(m.footer)}</p>`,
    '</body></html>',
  ].join('\n');
  const text = [
    m.greeting,
    '',
    ...m.sections.flatMap((section) => [
      ...(section.heading ? [section.heading] : []),
      ...section.lines.map((line) => (section.list ? `- ${line}` : line)),
      '',
    ]),
    `${m.link.label}: ${m.link.href}`,
    '',
    m.footer,
  ].join('\n');
  return { subject: m.subject, html, text };
}
