import { randomUUID } from 'node:crypto';
import { type AuditEvent } from '@landing/shared/contracts-audit';
import { Mongoose } from 'mongoose';
import { fromAuditDocument, toAuditDocument } from './audit-event.mapper';
import { AUDIT_COLLECTION, createAuditEventSchema } from './audit-event.schema';
import { mongoAuditFilter } from './mongo-audit.store';

// No MongoDB server runs here: these check what can be checked without one (the schema's
// validation and indexes, the mapping, the query filter). The contract suite covers the rest.
const mongoose = new Mongoose();
const AuditModel = mongoose.model(
  'AuditEventSpec',
  createAuditEventSchema(90),
  AUDIT_COLLECTION,
);

function event(overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id: randomUUID(),
    type: 'lead.submission',
    occurredAt: '2026-11-21T08:30:00.123Z',
    phone: '+989121234567',
    leadId: null,
    ip: '203.0.113.9',
    userAgent: 'Mozilla/5.0',
    path: '/api/leads',
    requestId: 'req-1',
    actor: null,
    payload: {
      submissionId: randomUUID(),
      duplicate: false,
      attribution: { utm_source: 'instagram' },
    },
    ...overrides,
  } as AuditEvent;
}

const problems = (document: object): string[] =>
  Object.keys(new AuditModel(document).validateSync()?.errors ?? {}).sort();

describe('MongoDB audit event schema', () => {
  it('accepts a lead submission event and an admin event with an actor', () => {
    expect(problems(toAuditDocument(event()))).toEqual([]);
    const statusChange = event({
      type: 'lead.status_changed',
      phone: null,
      leadId: randomUUID(),
      actor: { adminId: 'a1', username: 'maryam' },
      payload: { before: 'new', after: 'spam' },
    } as Partial<AuditEvent>);
    expect(problems(toAuditDocument(statusChange))).toEqual([]);
  });

  it('rejects a document without id, type or time', () => {
    expect(problems({ payload: {} })).toEqual([
      '_id',
      'occurredAt',
      'payload',
      'type',
    ]);
  });

  it('rejects unknown event types (and so their payloads), numbers that are not E.164 and ids that are not UUIDs', () => {
    const document = {
      ...toAuditDocument(event()),
      type: 'lead.deleted',
      phone: '09121234567',
      leadId: 'lead-1',
    };
    expect(problems(document)).toEqual(['leadId', 'payload', 'phone', 'type']);
  });

  it('rejects a payload that does not match its event type', () => {
    const wrong = {
      ...toAuditDocument(event()),
      payload: { before: 'new', after: 'spam' },
    };
    expect(problems(wrong)).toEqual(['payload']);
  });

  it('rejects over-long user agents', () => {
    expect(
      problems({ ...toAuditDocument(event()), userAgent: 'x'.repeat(513) }),
    ).toEqual(['userAgent']);
  });

  it('refuses fields the schema does not declare', () => {
    expect(
      () => new AuditModel({ ...toAuditDocument(event()), password: 'x' }),
    ).toThrow(/not in schema/);
  });

  it('declares the time, phone, IP and lead indexes, newest first with the id as tie-breaker', () => {
    const indexes = AuditModel.schema.indexes();
    expect(indexes.map(([fields]) => fields)).toEqual(
      expect.arrayContaining([
        { occurredAt: -1, _id: -1 },
        { phone: 1, occurredAt: -1, _id: -1 },
        { ip: 1, occurredAt: -1, _id: -1 },
        { leadId: 1, occurredAt: -1, _id: -1 },
      ]),
    );
  });

  it('lets MongoDB expire events through a TTL index after the configured retention (90 days by default)', () => {
    const ttl = (days: number) =>
      createAuditEventSchema(days)
        .indexes()
        .find(([, options]) => options?.expireAfterSeconds !== undefined);
    expect(ttl(90)).toEqual([
      { occurredAt: 1 },
      expect.objectContaining({
        name: 'retention_ttl',
        expireAfterSeconds: 90 * 86_400,
      }),
    ]);
    expect(ttl(7)?.[1]?.expireAfterSeconds).toBe(7 * 86_400);
  });
});

describe('MongoDB audit document mapping', () => {
  it('stores the event id as _id and the time as a date, and maps back to the same event', () => {
    const original = event();
    const document = toAuditDocument(original);
    expect(document._id).toBe(original.id);
    expect(document.occurredAt).toEqual(new Date(original.occurredAt));
    expect(fromAuditDocument(document)).toEqual(original);
  });

  it('reads documents missing optional fields as nulls', () => {
    const partial: Partial<ReturnType<typeof toAuditDocument>> =
      toAuditDocument(event());
    delete partial.phone;
    delete partial.ip;
    delete partial.actor;
    const read = fromAuditDocument(
      partial as ReturnType<typeof toAuditDocument>,
    );
    expect([read.phone, read.ip, read.actor]).toEqual([null, null, null]);
  });
});

describe('MongoDB trail filter', () => {
  it('matches any of the keys and, after a cursor, only strictly older events', () => {
    const id = randomUUID();
    expect(
      mongoAuditFilter({
        match: { phone: '+989121234567', leadId: id },
        limit: 10,
        after: { occurredAt: '2026-11-21T08:00:00.000Z', id },
      }),
    ).toEqual({
      $and: [
        { $or: [{ phone: '+989121234567' }, { leadId: id }] },
        {
          $or: [
            { occurredAt: { $lt: new Date('2026-11-21T08:00:00.000Z') } },
            {
              occurredAt: new Date('2026-11-21T08:00:00.000Z'),
              _id: { $lt: id },
            },
          ],
        },
      ],
    });
  });

  it('refuses a query with no key (it would read the whole collection)', () => {
    expect(() => mongoAuditFilter({ match: {}, limit: 10 })).toThrow();
  });
});
