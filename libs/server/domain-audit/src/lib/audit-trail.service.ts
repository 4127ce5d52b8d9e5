import {
  AUDIT_PAGE_LIMITS,
  type AuditTrailPage,
} from '@landing/shared/contracts-audit';
import { Inject, Injectable } from '@nestjs/common';
import { decodeAuditCursor, encodeAuditCursor } from './audit-cursor';
import { AuditQueryError } from './audit-query.error';
import {
  AUDIT_STORE,
  type AuditStore,
  type AuditStoreQuery,
} from './audit-store.port';

export interface AuditPageRequest {
  /** Events per page, 1 to {@link AUDIT_PAGE_LIMITS.max}; defaults to {@link AUDIT_PAGE_LIMITS.default}. */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * Reads the audit trail for the admin screen, newest first, with keyset pagination: a page
 * never repeats or skips events when new ones arrive while someone is reading.
 */
@Injectable()
export class AuditTrailService {
  constructor(@Inject(AUDIT_STORE) private readonly store: AuditStore) {}

  /** Everything recorded about one E.164 number. */
  async trailOfPhone(
    phone: string,
    page: AuditPageRequest = {},
  ): Promise<AuditTrailPage> {
    if (!E164.test(phone))
      throw new AuditQueryError('INVALID_QUERY', 'phone must be in E.164 form');
    return this.page({ phone }, page);
  }

  /** A lead's history: its submissions (by phone) and the admin actions taken on it (by id). */
  trailOfLead(
    lead: { id: string; phone: string | null },
    page: AuditPageRequest = {},
  ): Promise<AuditTrailPage> {
    return this.page(
      lead.phone === null
        ? { leadId: lead.id }
        : { leadId: lead.id, phone: lead.phone },
      page,
    );
  }

  /** Every event from one client IP (abuse analysis). */
  trailOfIp(ip: string, page: AuditPageRequest = {}): Promise<AuditTrailPage> {
    return this.page({ ip }, page);
  }

  private async page(
    match: AuditStoreQuery['match'],
    request: AuditPageRequest,
  ): Promise<AuditTrailPage> {
    const limit = request.limit ?? AUDIT_PAGE_LIMITS.default;
    if (
      !Number.isInteger(limit) ||
      limit < 1 ||
      limit > AUDIT_PAGE_LIMITS.max
    ) {
      throw new AuditQueryError(
        'INVALID_QUERY',
        `limit must be an integer from 1 to ${AUDIT_PAGE_LIMITS.max}`,
      );
    }
    const after =
      request.cursor === undefined
        ? undefined
        : decodeAuditCursor(request.cursor);
    const found = await this.store.find({ match, limit: limit + 1, after });
    const events = found.slice(0, limit);
    const last = events[events.length - 1];
    return {
      events,
      nextCursor:
        found.length > limit && last
          ? encodeAuditCursor({ occurredAt: last.occurredAt, id: last.id })
          : null,
    };
  }
}
