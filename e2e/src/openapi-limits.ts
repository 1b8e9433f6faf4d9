/**
 * What the partner API's OpenAPI document must state about every operation (issue 7): the
 * limits of what it accepts and the problems it may answer. Returns one line per broken rule,
 * naming the operation and the field, so a failing test says what to fix.
 */

export type Schema = {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  maxLength?: number;
  format?: string;
  maxItems?: number;
  maxProperties?: number;
  minimum?: number;
  maximum?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
};

export interface Operation {
  parameters?: Array<{ name: string; in: string; schema?: Schema }>;
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<
    string,
    { content?: Record<string, unknown>; headers?: Record<string, unknown> }
  >;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

/** Problems any route may answer: bad input, credentials, role, rate limit, the unexpected. */
const EVERY_ROUTE = ['400', '401', '403', '429', '500'];
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

export function openApiLimitViolations(doc: OpenApiDocument): string[] {
  const violations: string[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      const at = `${method.toUpperCase()} ${path}`;
      const problems = [...EVERY_ROUTE, ...(path.includes('{') ? ['404'] : [])];
      for (const status of problems) {
        const response = operation.responses[status];
        if (!response?.content?.['application/problem+json'])
          violations.push(`${at}: does not declare its ${status} problem`);
      }
      const limited = operation.responses['429']?.headers ?? {};
      for (const header of ['Retry-After', 'RateLimit', 'RateLimit-Policy'])
        if (!(header in limited)) violations.push(`${at}: 429 does not declare ${header}`);
      for (const parameter of operation.parameters ?? [])
        if (parameter.in === 'path' || parameter.in === 'query')
          limitsOf(
            parameter.schema ?? {},
            `${at} ${parameter.in} ${parameter.name}`,
            doc,
            violations,
          );
      for (const [type, content] of Object.entries(operation.requestBody?.content ?? {}))
        limitsOf(content.schema, `${at} body (${type})`, doc, violations);
    }
  }
  return violations;
}

/** Every string bounded (maxLength or enum), every array (maxItems) and map (maxProperties). */
function limitsOf(
  schema: Schema,
  at: string,
  doc: OpenApiDocument,
  violations: string[],
  seen = new Set<string>(),
): void {
  if (schema.$ref) {
    if (seen.has(schema.$ref)) return;
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = doc.components.schemas[name];
    if (!target) violations.push(`${at}: refers to ${schema.$ref}, which is not there`);
    else limitsOf(target, at, doc, violations, new Set([...seen, schema.$ref]));
    return;
  }
  for (const part of [...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? [])])
    limitsOf(part, at, doc, violations, seen);
  if (schema.enum) return;
  if (schema.type === 'string' && schema.maxLength === undefined)
    violations.push(`${at}: a string without maxLength`);
  if ((schema.type === 'integer' || schema.type === 'number') && schema.maximum === undefined)
    violations.push(`${at}: a number without maximum`);
  if (schema.type === 'array') {
    if (schema.maxItems === undefined) violations.push(`${at}: an array without maxItems`);
    if (schema.items) limitsOf(schema.items, `${at}[]`, doc, violations, seen);
  }
  for (const [name, property] of Object.entries(schema.properties ?? {}))
    limitsOf(property, `${at}.${name}`, doc, violations, seen);
  if (typeof schema.additionalProperties === 'object') {
    if (schema.maxProperties === undefined) violations.push(`${at}: a map without maxProperties`);
    limitsOf(schema.additionalProperties, `${at}.*`, doc, violations, seen);
  }
}
