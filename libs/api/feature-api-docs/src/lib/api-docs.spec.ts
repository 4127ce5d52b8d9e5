import { readFileSync } from 'node:fs';
import { ROUTE_DOCS } from './api-docs.catalogue';
import { errorsOf, fastifyPath, openApiPath } from './api-document';
import { CONTRACT_SCHEMAS } from './contract-schemas.generated';
import {
  componentName,
  GENERATED_FILE,
  generateContractSchemas,
} from './contract-schemas.generator';

describe('contract schemas', () => {
  it('are generated from the current contracts (run npm run api-docs:schemas)', () => {
    expect(CONTRACT_SCHEMAS).toEqual(generateContractSchemas());
    expect(readFileSync(GENERATED_FILE, 'utf8')).toContain('do not edit');
  }, 60_000);

  it('hold every type the catalogue names', () => {
    const named = Object.values(ROUTE_DOCS).flatMap((doc) => [
      ...(doc.body ? [doc.body] : []),
      ...(typeof doc.query === 'string' ? [doc.query] : []),
      ...doc.responses.flatMap((response) =>
        response.schema ? [response.schema.replace(/\[\]$/, '')] : [],
      ),
    ]);
    expect(named.filter((name) => !(name in CONTRACT_SCHEMAS))).toEqual([]);
  });

  it('name components only with the characters OpenAPI allows', () => {
    expect(componentName('AuditEventOf%3C%22lead.erased%22%3E')).toBe(
      'AuditEventOf_lead.erased',
    );
    expect(
      Object.keys(CONTRACT_SCHEMAS).filter(
        (name) => !/^[A-Za-z0-9._-]+$/.test(name),
      ),
    ).toEqual([]);
  });
});

describe('route paths', () => {
  it('convert between the Fastify and the OpenAPI forms', () => {
    expect(openApiPath('/api/admin/users/:id/role')).toBe(
      '/api/admin/users/{id}/role',
    );
    expect(fastifyPath('/api/admin/users/{id}/role')).toBe(
      '/api/admin/users/:id/role',
    );
  });
});

describe('documented errors', () => {
  it('follow from what a route is: a body, a session, an id', () => {
    expect(
      errorsOf('/api/admin/views/:id', {
        tag: 't',
        summary: 's',
        access: 'session',
        body: 'UpdateSavedViewRequest',
        responses: [],
        errors: ['CONFLICT'],
      }),
    ).toEqual(
      expect.arrayContaining([
        'VALIDATION_FAILED',
        'MALFORMED_JSON',
        'UNSUPPORTED_MEDIA_TYPE',
        'PAYLOAD_TOO_LARGE',
        'UNAUTHENTICATED',
        'FORBIDDEN',
        'NOT_FOUND',
        'CONFLICT',
        'INTERNAL_ERROR',
      ]),
    );
    expect(
      errorsOf('/health/live', {
        tag: 't',
        summary: 's',
        access: 'public',
        responses: [],
      }),
    ).toEqual(['INTERNAL_ERROR']);
  });
});
