import { randomUUID } from 'node:crypto';
import {
  AuditQueryError,
  AuditTrailService,
} from '@landing/server/domain-audit';
import {
  createTestDatabase,
  type TestDatabase,
} from '@landing/server/util-testing';
import { type AuditEvent } from '@landing/shared/contracts-audit';
import { auditDataSourceOptions } from './postgres/audit-data-source';
import { PostgresAuditStore } from './postgres/postgres-audit.store';

function submission(phone: string, second: number): AuditEvent {
  return {
    id: randomUUID(),
    type: 'lead.submission',
    occurredAt: new Date(Date.UTC(2026, 10, 21, 8, 0, second)).toISOString(),
    phone,
    leadId: null,
    ip: '203.0.113.9',
    userAgent: null,
    path: '/api/leads',
    requestId: null,
    actor: null,
    payload: {
      submissionId: randomUUID(),
      duplicate: second > 0,
      attribution: {},
    },
  };
}

describe('AuditTrailService on the PostgreSQL store (what the admin screen calls)', () => {
  let db: TestDatabase;
  let store: PostgresAuditStore;
  let trail: AuditTrailService;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresAuditStore(auditDataSourceOptions(db.url));
    trail = new AuditTrailService(store);
  });

  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('pages through a phone trail newest first and says when there is no further page', async () => {
    const events = [0, 1, 2, 3, 4].map((second) =>
      submission('+989121110099', second),
    );
    await store.append(events);

    const first = await trail.trailOfPhone('+989121110099', { limit: 2 });
    const second = await trail.trailOfPhone('+989121110099', {
      limit: 2,
      cursor: first.nextCursor ?? undefined,
    });
    const third = await trail.trailOfPhone('+989121110099', {
      limit: 2,
      cursor: second.nextCursor ?? undefined,
    });

    expect(
      [first, second, third].map((page) =>
        page.events.map((e) => e.occurredAt.slice(17, 19)),
      ),
    ).toEqual([['04', '03'], ['02', '01'], ['00']]);
    expect(third.nextCursor).toBeNull();
  });

  it("shows a lead's submissions together with the admin actions taken on it", async () => {
    const leadId = randomUUID();
    const submitted = submission('+989121110098', 10);
    const changed: AuditEvent = {
      ...submission('+989121110098', 20),
      type: 'lead.status_changed',
      phone: null,
      leadId,
      actor: { adminId: 'a1', username: 'maryam' },
      payload: { before: 'new', after: 'contacted' },
    };
    await store.append([submitted, changed]);

    const page = await trail.trailOfLead({
      id: leadId,
      phone: '+989121110098',
    });

    expect(page.events.map((e) => e.type)).toEqual([
      'lead.status_changed',
      'lead.submission',
    ]);
  });

  it('refuses a forged cursor, an out-of-range page size and a phone not in E.164', async () => {
    await expect(
      trail.trailOfPhone('+989121110099', { cursor: 'bm90LWEtY3Vyc29y' }),
    ).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
    await expect(
      trail.trailOfPhone('+989121110099', { limit: 1000 }),
    ).rejects.toBeInstanceOf(AuditQueryError);
    await expect(trail.trailOfPhone('09121110099')).rejects.toMatchObject({
      code: 'INVALID_QUERY',
    });
  });
});
