import { errorReplyFor } from '@landing/api/util-http';
import {
  ADMIN_CSRF_HEADER,
  ADMIN_SESSION_COOKIE,
} from '@landing/shared/contracts-admin';
import { type ErrorCode } from '@landing/shared/contracts-lead';
import { type INestApplication } from '@nestjs/common';
import {
  DocumentBuilder,
  type OpenAPIObject,
  SwaggerModule,
} from '@nestjs/swagger';
import {
  EXAMPLE_ID,
  ROUTE_DOCS,
  type RouteDoc,
  type RouteResponseDoc,
} from './api-docs.catalogue';
import { CONTRACT_SCHEMAS } from './contract-schemas.generated';

type Operation = OpenAPIObject['paths'][string]['get'] & object;
type Parameter = { name: string; in: string; [key: string]: unknown };

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const SESSION = 'session';
const CSRF = 'csrf';

/** `/api/admin/leads/{id}` ↔ `/api/admin/leads/:id`, the form Fastify registers. */
export const fastifyPath = (openApiPath: string): string =>
  openApiPath.replace(/\{(\w+)\}/g, ':$1');
export const openApiPath = (fastifyRoute: string): string =>
  fastifyRoute.replace(/:(\w+)/g, '{$1}');

const ref = (name: string): object =>
  name.endsWith('[]')
    ? { type: 'array', items: ref(name.slice(0, -2)) }
    : { $ref: `#/components/schemas/${name}` };

/** Errors a route can answer because of what kind of route it is, before its own. */
export function errorsOf(path: string, doc: RouteDoc): ErrorCode[] {
  const codes = new Set<ErrorCode>();
  if (doc.body || doc.query || path.includes(':'))
    codes.add('VALIDATION_FAILED');
  if (doc.body)
    ['MALFORMED_JSON', 'UNSUPPORTED_MEDIA_TYPE', 'PAYLOAD_TOO_LARGE'].forEach(
      (code) => codes.add(code as ErrorCode),
    );
  if (doc.access !== 'public') {
    codes.add('UNAUTHENTICATED');
    codes.add('FORBIDDEN');
    codes.add('PASSWORD_CHANGE_REQUIRED');
  }
  if (path.includes(':id')) codes.add('NOT_FOUND');
  for (const code of doc.errors ?? []) codes.add(code);
  codes.add('INTERNAL_ERROR');
  return [...codes];
}

function errorResponses(codes: readonly ErrorCode[]): Operation['responses'] {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const { status } = errorReplyFor(code);
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return Object.fromEntries(
    [...byStatus].map(([status, list]) => [
      String(status),
      {
        description: `Error: ${list.map((code) => `\`${code}\``).join(', ')}.`,
        content: {
          'application/json': {
            schema: ref('ErrorResponse'),
            examples: Object.fromEntries(
              list.map((code) => [
                code,
                {
                  value: {
                    code,
                    message: errorReplyFor(code).body.message,
                    requestId: EXAMPLE_ID,
                  },
                },
              ]),
            ),
          },
        },
      },
    ]),
  );
}

function successResponse(response: RouteResponseDoc): object {
  if (!response.schema && !response.mediaType)
    return { description: response.description };
  const media = response.mediaType ?? 'application/json';
  return {
    description: response.description,
    content: {
      [media]: {
        schema: response.schema ? ref(response.schema) : { type: 'string' },
        ...(response.example === undefined
          ? {}
          : { example: response.example }),
      },
    },
  };
}

function queryParameters(doc: RouteDoc): Parameter[] {
  if (!doc.query) return [];
  const described =
    typeof doc.query === 'string'
      ? (CONTRACT_SCHEMAS[doc.query] as {
          properties?: Record<string, { description?: string }>;
          required?: string[];
        })
      : {
          properties: Object.fromEntries(
            Object.entries(doc.query).map(([name, { description }]) => [
              name,
              { type: 'string', description },
            ]),
          ),
        };
  return Object.entries(described.properties ?? {}).map(([name, schema]) => ({
    name,
    in: 'query',
    required: described.required?.includes(name) ?? false,
    ...(schema.description ? { description: schema.description } : {}),
    schema,
    ...(doc.queryExample?.[name] === undefined
      ? {}
      : { example: doc.queryExample[name] }),
  }));
}

function describe(
  method: string,
  path: string,
  doc: RouteDoc,
  scanned: Operation | undefined,
): Operation {
  const pathParameters = [...path.matchAll(/:(\w+)/g)].map(([, name]) => ({
    name: name ?? '',
    in: 'path',
    required: true,
    schema: { type: 'string', format: 'uuid' },
    example: EXAMPLE_ID,
  }));
  const security =
    doc.access === 'public'
      ? []
      : [
          STATE_CHANGING.has(method)
            ? { [SESSION]: [], [CSRF]: [] }
            : { [SESSION]: [] },
        ];
  return {
    ...(scanned?.operationId ? { operationId: scanned.operationId } : {}),
    tags: [doc.tag],
    summary: doc.summary,
    description: [
      doc.description,
      doc.access === 'admin' ? 'Admin role only.' : undefined,
      doc.access === 'session' ? 'Any staff role.' : undefined,
    ]
      .filter(Boolean)
      .join(' '),
    parameters: [...pathParameters, ...queryParameters(doc)],
    ...(doc.body
      ? {
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: ref(doc.body),
                ...(doc.bodyExample === undefined
                  ? {}
                  : { example: doc.bodyExample }),
              },
            },
          },
        }
      : {}),
    security,
    responses: {
      ...Object.fromEntries(
        doc.responses.map((response) => [
          String(response.status),
          successResponse(response),
        ]),
      ),
      ...errorResponses(errorsOf(path, doc)),
    },
  } as Operation;
}

/**
 * The api's OpenAPI 3.1 document: the routes Nest knows (through @nestjs/swagger's scanner)
 * merged with the catalogue, which gives each its contract schemas, errors, security and
 * examples. Routes outside Nest's controllers (none today) come from the catalogue alone.
 */
export function buildApiDocument(app: INestApplication): OpenAPIObject {
  const scanned = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setOpenAPIVersion('3.1.0').build(),
  );
  const paths: OpenAPIObject['paths'] = {};
  const keys = new Set(Object.keys(ROUTE_DOCS));
  for (const [path, item] of Object.entries(scanned.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const key = `${method.toUpperCase()} ${fastifyPath(path)}`;
      keys.add(key);
    }
  }
  for (const key of [...keys].sort()) {
    const [method = '', route = ''] = key.split(' ');
    const doc = ROUTE_DOCS[key];
    const scannedOperation = scanned.paths[openApiPath(route)]?.[
      method.toLowerCase() as (typeof METHODS)[number]
    ] as Operation | undefined;
    const operation = doc
      ? describe(method, route, doc, scannedOperation)
      : ({
          ...scannedOperation,
          summary: 'Not yet described',
          responses: { default: { description: 'Not yet described.' } },
        } as Operation);
    const item = (paths[openApiPath(route)] ??= {});
    (item as Record<string, Operation>)[method.toLowerCase()] = operation;
  }

  const document = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('Landing API')
    .setDescription(
      [
        'Lead intake and the staff (admin) api. Every error answers `{ code, message, requestId }`; clients branch on `code`.',
        '',
        `Admin routes need the session cookie \`${ADMIN_SESSION_COOKIE}\` (set by \`POST /api/admin/auth/login\`); state-changing ones also the \`${ADMIN_CSRF_HEADER}\` header holding the session's CSRF token.`,
        '',
        'Phone numbers may be typed with Persian (۰–۹) or Arabic-Indic digits; the api normalises them to E.164.',
      ].join('\n'),
    )
    .setVersion('1')
    .addCookieAuth(
      ADMIN_SESSION_COOKIE,
      {
        type: 'apiKey',
        in: 'cookie',
        name: ADMIN_SESSION_COOKIE,
        description: 'The staff session, set by sign-in (HttpOnly).',
      },
      SESSION,
    )
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: ADMIN_CSRF_HEADER,
        description:
          'The `csrfToken` of the session (from sign-in or `GET /api/admin/auth/session`); required on every state-changing admin request.',
      },
      CSRF,
    )
    .build();
  return {
    ...document,
    paths,
    components: {
      ...document.components,
      schemas: { ...CONTRACT_SCHEMAS } as NonNullable<
        OpenAPIObject['components']
      >['schemas'],
    },
  };
}
