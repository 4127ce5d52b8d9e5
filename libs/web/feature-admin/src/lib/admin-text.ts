import { inject, Injectable, LOCALE_ID } from '@angular/core';
import { type LeadStatus } from '@landing/shared/contracts-lead';

const EN = {
  title: 'Leads',
  signIn: 'Sign in',
  signOut: 'Sign out',
  email: 'Email',
  password: 'Password',
  signInFailed: 'Signing in failed',
  filters: 'Filters',
  search: 'Phone, name or email',
  status: 'Status',
  from: 'From',
  to: 'To',
  source: 'Source',
  campaign: 'Campaign',
  sort: 'Sort',
  newest: 'Newest first',
  oldest: 'Oldest first',
  byName: 'Name',
  lastSubmitted: 'Last submission',
  apply: 'Apply',
  clear: 'Clear',
  phone: 'Phone',
  name: 'Name',
  created: 'First seen',
  more: 'Load more',
  none: 'No leads match these filters.',
  selected: 'selected',
  setStatus: 'Set status',
  export: 'Export CSV',
  confirmExport:
    'Export every lead that matches the current filters as a CSV file? The export is recorded in the audit trail.',
  detail: 'Lead',
  close: 'Close',
  change: 'Change',
  notes: 'Notes',
  addNote: 'Add note',
  submissions: 'Submissions',
  audit: 'Audit trail',
  erase: 'Erase this lead',
  confirmErase:
    'Erase this lead for good? Its submissions, notes and audit trail are deleted; this cannot be undone.',
  erased: 'The lead was erased.',
  changedCount: 'changed',
  skippedCount: 'skipped',
  all: 'All',
  'status.new': 'New',
  'status.contacted': 'Contacted',
  'status.qualified': 'Qualified',
  'status.disqualified': 'Disqualified',
  'status.spam': 'Spam',
} as const;

export type AdminTextKey = keyof typeof EN;

const FA: Record<AdminTextKey, string> = {
  title: 'سرنخ‌ها',
  signIn: 'ورود',
  signOut: 'خروج',
  email: 'ایمیل',
  password: 'گذرواژه',
  signInFailed: 'ورود ناموفق بود',
  filters: 'فیلترها',
  search: 'تلفن، نام یا ایمیل',
  status: 'وضعیت',
  from: 'از',
  to: 'تا',
  source: 'منبع',
  campaign: 'کمپین',
  sort: 'مرتب‌سازی',
  newest: 'جدیدترین',
  oldest: 'قدیمی‌ترین',
  byName: 'نام',
  lastSubmitted: 'آخرین ارسال',
  apply: 'اعمال',
  clear: 'پاک کردن',
  phone: 'تلفن',
  name: 'نام',
  created: 'اولین ثبت',
  more: 'بیشتر',
  none: 'سرنخی با این فیلترها پیدا نشد.',
  selected: 'انتخاب شده',
  setStatus: 'تغییر وضعیت',
  export: 'خروجی CSV',
  confirmExport:
    'همهٔ سرنخ‌های مطابق فیلترهای فعلی در یک فایل CSV خروجی گرفته شوند؟ این کار در سابقهٔ ممیزی ثبت می‌شود.',
  detail: 'سرنخ',
  close: 'بستن',
  change: 'تغییر',
  notes: 'یادداشت‌ها',
  addNote: 'افزودن یادداشت',
  submissions: 'ارسال‌ها',
  audit: 'سابقهٔ ممیزی',
  erase: 'حذف کامل این سرنخ',
  confirmErase:
    'این سرنخ برای همیشه حذف شود؟ ارسال‌ها، یادداشت‌ها و سابقهٔ آن پاک می‌شوند و بازگشتی ندارد.',
  erased: 'سرنخ حذف شد.',
  changedCount: 'تغییر کرد',
  skippedCount: 'رد شد',
  all: 'همه',
  'status.new': 'جدید',
  'status.contacted': 'تماس گرفته شد',
  'status.qualified': 'واجد شرایط',
  'status.disqualified': 'فاقد شرایط',
  'status.spam': 'هرزنامه',
};

/**
 * The admin screen's words in Persian and English. Looked up at run time from LOCALE_ID
 * (the build's locale), so the admin area needs no entries in the landing page's
 * translation files.
 */
@Injectable({ providedIn: 'root' })
export class AdminText {
  readonly locale = inject(LOCALE_ID).startsWith('fa') ? 'fa' : 'en';
  readonly dir = this.locale === 'fa' ? 'rtl' : 'ltr';
  private readonly words: Record<AdminTextKey, string> =
    this.locale === 'fa' ? FA : EN;

  t(key: AdminTextKey): string {
    return this.words[key];
  }

  status(status: LeadStatus): string {
    return this.words[`status.${status}`];
  }

  date(iso: string): string {
    return new Intl.DateTimeFormat(this.locale === 'fa' ? 'fa-IR' : 'en-GB', {
      dateStyle: 'medium',
      timeStyle: 'short',
    }).format(new Date(iso));
  }
}
