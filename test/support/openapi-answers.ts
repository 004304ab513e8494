import { fromSchema } from '@openapi-contrib/openapi-schema-to-json-schema';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { OpenAPIV3 } from 'openapi-types';

/** A file of the Swagger UI page below `/docs/` (`src/openapi/swagger-ui.routes.ts` lists them). */
const UI_FILE = /^\/docs\/[\w.-]+\.(?:js|css|png)$/;

type HeaderValue = string | number | string[] | undefined;

/** One answer as the harness recorded it in Fastify's onSend hook. */
export interface RecordedAnswer {
  method: string;
  url: string;
  status: number;
  headers: Record<string, HeaderValue>;
  body: string;
  /** The Jest test running when it was sent (undefined in a beforeAll/afterAll hook). */
  test?: string;
}

/**
 * Headers of the contract: when one is sent, the answer's description in the document must declare
 * it (so "declared where sent" is checked, not only "sent where required").
 */
const CONTRACT_HEADERS = [
  'x-request-id',
  'etag',
  'ratelimit',
  'ratelimit-policy',
  'retry-after',
  'www-authenticate',
  'idempotent-replayed',
];

const ROOT = 'openapi';
type Method = 'get' | 'put' | 'post' | 'delete' | 'patch' | 'options';

/**
 * Checks answers against an OpenAPI 3.0 document: the route template and method, the status (it must
 * be documented), the declared headers (required ones present, values matching their schema,
 * contract headers declared), and the JSON body against the schema. Schemas go through
 * openapi-schema-to-json-schema first, which implements OpenAPI's dialect (`nullable` adds `null` to
 * `type` but, as in OpenAPI 3.0.3, not to an `enum`), then Ajv with formats.
 */
export class AnswerValidator {
  private readonly ajv = new Ajv({ allErrors: true, strict: false });
  private readonly compiled = new Map<object, ValidateFunction>();
  private readonly routes: { pattern: RegExp; template: string; item: OpenAPIV3.PathItemObject }[];

  constructor(private readonly document: OpenAPIV3.Document) {
    addFormats(this.ajv);
    const schemas = document.components?.schemas ?? {};
    this.ajv.addSchema({ $id: ROOT, definitions: mapValues(schemas, toJsonSchema) });
    this.routes = Object.entries(document.paths)
      .map(([template, item]) => ({ template, item: item!, pattern: templatePattern(template) }))
      // Literal segments before parameters, as routers match them.
      .sort((a, b) => countParams(a.template) - countParams(b.template));
  }

  /** Every documented answer, as `GET /syncs/{id} 200`. */
  documentedAnswers(): string[] {
    return this.routes.flatMap(({ template, item }) =>
      Object.entries(item).flatMap(([method, operation]) =>
        Object.keys((operation as OpenAPIV3.OperationObject).responses ?? {}).map(
          (status) => `${method.toUpperCase()} ${template} ${status}`,
        ),
      ),
    );
  }

  /** The documented answer an answer is, as `documentedAnswers` names it (undefined: none). */
  nameOf(answer: Pick<RecordedAnswer, 'method' | 'url' | 'status'>): string | undefined {
    const { route, operation } = this.operationOf(answer);
    return route && operation ? `${answer.method} ${route.template} ${answer.status}` : undefined;
  }

  private operationOf(answer: Pick<RecordedAnswer, 'method' | 'url'>) {
    const path = answer.url.split('?')[0];
    const route = this.routes.find((candidate) => candidate.pattern.test(path));
    const method = answer.method.toLowerCase() === 'head' ? 'get' : answer.method.toLowerCase();
    return { route, operation: route?.item[method as Method] };
  }

  /** The problems of one answer; empty when it matches the document. */
  check(answer: RecordedAnswer): string[] {
    const { route, operation } = this.operationOf(answer);
    if (!route || !operation) {
      return this.checkUnrouted(answer);
    }
    const where = `${answer.method} ${route.template} → ${answer.status}`;
    const response = operation.responses[String(answer.status)] as
      | OpenAPIV3.ResponseObject
      | undefined;
    if (!response) {
      return [`${where}: status not documented (${Object.keys(operation.responses).join(', ')})`];
    }
    return [
      ...this.checkHeaders(answer, response.headers ?? {}),
      ...this.checkBody(answer, response),
    ].map((problem) => `${where}: ${problem}`);
  }

  /** No documented operation (an unknown path or method): it must be an error problem document. */
  private checkUnrouted(answer: RecordedAnswer): string[] {
    const path = answer.url.split('?')[0];
    const where = `${answer.method} ${path} (no documented operation) → ${answer.status}`;
    // The Swagger UI's own script, style and icon files are the documentation page's, not the API's.
    if (answer.status === 200 && UI_FILE.test(path)) {
      return [];
    }
    // A CORS preflight (CORS_ORIGINS) is the browser asking, not an operation of the API.
    if (answer.method === 'OPTIONS' && answer.status === 204) {
      return [];
    }
    if (answer.status < 400) {
      return [`${where}: an undocumented route answered`];
    }
    const problem: OpenAPIV3.ResponseObject = {
      description: 'any error',
      headers: { 'X-Request-Id': { required: true, schema: { type: 'string' } } },
      content: {
        'application/problem+json': {
          schema: { $ref: '#/components/schemas/ProblemDocumentSchema' },
        },
      },
    };
    // No description to declare headers in, so only the required one is checked.
    const headers = this.checkHeaders(answer, problem.headers!, false);
    return [...headers, ...this.checkBody(answer, problem)].map((p) => `${where}: ${p}`);
  }

  private checkHeaders(
    answer: RecordedAnswer,
    declared: Record<string, OpenAPIV3.ReferenceObject | OpenAPIV3.HeaderObject>,
    mustDeclare = true,
  ): string[] {
    const problems: string[] = [];
    const byName = new Map(Object.entries(declared).map(([n, h]) => [n.toLowerCase(), h]));
    for (const [name, header] of byName) {
      const { required, schema } = header as OpenAPIV3.HeaderObject;
      const value = answer.headers[name];
      if (value === undefined) {
        if (required) {
          problems.push(`required header ${name} missing`);
        }
        continue;
      }
      if (schema) {
        problems.push(
          ...this.validate(schema, headerValue(String(value), schema), `header ${name}`),
        );
      }
    }
    for (const name of CONTRACT_HEADERS) {
      if (mustDeclare && answer.headers[name] !== undefined && !byName.has(name)) {
        problems.push(`header ${name} sent but not declared`);
      }
    }
    return problems;
  }

  private checkBody(answer: RecordedAnswer, response: OpenAPIV3.ResponseObject): string[] {
    if (answer.method === 'HEAD') {
      return [];
    }
    const type = String(answer.headers['content-type'] ?? '')
      .split(';')[0]
      .trim()
      .toLowerCase();
    if (!response.content) {
      return answer.body === '' ? [] : [`a body (${type}) where none is documented`];
    }
    const media = response.content[type];
    if (!media) {
      return [
        `content type "${type}" not documented (${Object.keys(response.content).join(', ')})`,
      ];
    }
    if (!media.schema) {
      return [];
    }
    if (!/[/+]json$/.test(type)) {
      return this.validate(media.schema, answer.body, 'body');
    }
    let body: unknown;
    try {
      body = JSON.parse(answer.body);
    } catch {
      return [`body is not JSON: ${answer.body.slice(0, 80)}`];
    }
    return this.validate(media.schema, body, 'body');
  }

  private validate(
    schema: OpenAPIV3.SchemaObject | OpenAPIV3.ReferenceObject,
    value: unknown,
    what: string,
  ): string[] {
    let validate = this.compiled.get(schema);
    if (!validate) {
      validate = this.ajv.compile(toJsonSchema(schema));
      this.compiled.set(schema, validate);
    }
    if (validate(value)) {
      return [];
    }
    return (validate.errors ?? []).map(
      (error) => `${what}${error.instancePath} ${error.message} ${JSON.stringify(error.params)}`,
    );
  }
}

/** OpenAPI schema → JSON Schema, its `$ref`s pointing into the registered components. */
function toJsonSchema(schema: object): Record<string, unknown> {
  const strict = enumsKeepTheirWord(structuredClone(schema));
  const converted = fromSchema(strict as Parameters<typeof fromSchema>[0]);
  delete (converted as { $schema?: string }).$schema;
  return JSON.parse(
    JSON.stringify(converted).replaceAll('"#/components/schemas/', `"${ROOT}#/definitions/`),
  ) as Record<string, unknown>;
}

/**
 * OpenAPI 3.0.3: `nullable` adds null to `type`, while "other constraints retain their defined
 * behavior": an `enum` that does not list null still refuses it. The converter adds null to such an
 * enum, which would hide exactly the mistake of a nullable enum without null, so that `nullable` is
 * dropped first (the same constraint, said the converter's way).
 */
function enumsKeepTheirWord(node: unknown): unknown {
  if (Array.isArray(node)) {
    node.forEach(enumsKeepTheirWord);
  } else if (node && typeof node === 'object') {
    const schema = node as { nullable?: boolean; enum?: unknown[] };
    if (schema.nullable === true && Array.isArray(schema.enum) && !schema.enum.includes(null)) {
      delete schema.nullable;
    }
    Object.values(node).forEach(enumsKeepTheirWord);
  }
  return node;
}

/** A header is text; one documented as a number is compared as the number it spells. */
function headerValue(value: string, schema: object): unknown {
  const type = (schema as OpenAPIV3.SchemaObject).type;
  return (type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(value)
    ? Number(value)
    : value;
}

function templatePattern(template: string): RegExp {
  const escaped = template
    .split(/\{[^}]+\}/)
    .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
    .join('[^/]+');
  return new RegExp(`^${escaped}$`);
}

const countParams = (template: string) => (template.match(/\{/g) ?? []).length;

function mapValues<T, U>(object: Record<string, T>, map: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(object).map(([key, value]) => [key, map(value)]));
}
