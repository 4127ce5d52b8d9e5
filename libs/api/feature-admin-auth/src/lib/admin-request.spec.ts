import { type AdminSessionRecord } from '@landing/server/persistence-admin';
import { AUDIT_FIELD_LIMITS } from '@landing/shared/contracts-audit';
import { type FastifyRequest } from 'fastify';
import { adminActor, adminAuditEnvelope, requestOrigin } from './admin-request';

const session: AdminSessionRecord = {
  id: 'session-hash',
  csrfToken: 'csrf',
  expiresAt: new Date('2026-12-01T12:00:00Z'),
  user: {
    id: '6f1c3a52-0d4e-4d6b-9f5e-2b8f0f1f7e01',
    email: 'reviewer@example.com',
    role: 'reviewer',
  },
  mustChangePassword: false,
};

/** The parts of a Fastify request the actor is built from. */
const request = (headers: Record<string, string | string[]>) =>
  ({
    ip: '203.0.113.7',
    url: '/api/admin/leads/export?status=new&q=0912',
    id: 'req-42',
    headers,
  }) as unknown as FastifyRequest;

describe('the admin actor that services receive instead of the HTTP request', () => {
  it('carries who acts (id, email, role, session) and from where (address, agent, path without the query, request id)', () => {
    const actor = adminActor(request({ 'user-agent': 'Firefox' }), session);

    expect(actor).toEqual({
      id: session.user.id,
      email: 'reviewer@example.com',
      role: 'reviewer',
      session,
      address: '203.0.113.7',
      userAgent: 'Firefox',
      path: '/api/admin/leads/export',
      requestId: 'req-42',
    });
  });

  it('audits an actor as the actor, and a request without a session (a failed sign-in) as nobody', () => {
    const actor = adminActor(request({}), session);

    expect(adminAuditEnvelope(actor, 'lead-1')).toMatchObject({
      leadId: 'lead-1',
      phone: null,
      ip: '203.0.113.7',
      userAgent: null,
      path: '/api/admin/leads/export',
      requestId: 'req-42',
      actor: { adminId: session.user.id, username: 'reviewer@example.com' },
    });
    expect(
      adminAuditEnvelope(requestOrigin(request({})), null).actor,
    ).toBeNull();
    expect(
      adminAuditEnvelope(requestOrigin(request({})), null, session.user).actor,
    ).toEqual({ adminId: session.user.id, username: 'reviewer@example.com' });
  });

  it('clips what the visitor controls to the audit trail limits, and ignores a repeated agent header', () => {
    const long = 'x'.repeat(AUDIT_FIELD_LIMITS.userAgent + 50);
    const envelope = adminAuditEnvelope(
      requestOrigin(request({ 'user-agent': long })),
      null,
    );

    expect(envelope.userAgent).toHaveLength(AUDIT_FIELD_LIMITS.userAgent);
    expect(
      requestOrigin(request({ 'user-agent': ['a', 'b'] })).userAgent,
    ).toBeUndefined();
  });
});
