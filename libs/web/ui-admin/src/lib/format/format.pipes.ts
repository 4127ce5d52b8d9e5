import { inject, LOCALE_ID, Pipe, type PipeTransform } from '@angular/core';
import { neutraliseBidiControls } from '@landing/shared/util-text';
import { type LeadStatus } from '@landing/shared/contracts-lead';
import { statusLabel } from './status-label';
import { formatDateTime, relativeAge } from './time-format';

/** `{{ lead.createdAt | lpAge: now() }}`: "3 h ago". Pass a `now` signal's value so it refreshes. */
@Pipe({ name: 'lpAge' })
export class AgePipe implements PipeTransform {
  private readonly locale = inject(LOCALE_ID);
  transform(iso: string | null | undefined, now: Date): string {
    return iso ? relativeAge(iso, now, this.locale) : '';
  }
}

/** `{{ iso | lpDateTime }}`: date and time in the build's language (Jalali in Persian). */
@Pipe({ name: 'lpDateTime' })
export class DateTimePipe implements PipeTransform {
  private readonly locale = inject(LOCALE_ID);
  transform(iso: string | null | undefined): string {
    return iso ? formatDateTime(iso, this.locale) : '';
  }
}

/** `{{ 30 | lpNumber }}`: digits of the build's language (۳۰ in Persian). */
@Pipe({ name: 'lpNumber' })
export class NumberPipe implements PipeTransform {
  private readonly format = new Intl.NumberFormat(
    inject(LOCALE_ID).startsWith('fa') ? 'fa-IR' : 'en-GB',
  );
  transform(value: number | null | undefined): string {
    return typeof value === 'number' ? this.format.format(value) : '';
  }
}

@Pipe({ name: 'lpStatus' })
export class StatusLabelPipe implements PipeTransform {
  transform(status: LeadStatus): string {
    return statusLabel(status);
  }
}

/**
 * Visitor-supplied text with its explicit bidi controls removed; show it inside `<bdi>` so
 * its direction stays its own: `<bdi>{{ lead.name | lpVisitor }}</bdi>`.
 */
@Pipe({ name: 'lpVisitor' })
export class VisitorTextPipe implements PipeTransform {
  transform(text: string | null | undefined): string {
    return text ? neutraliseBidiControls(text) : '';
  }
}
