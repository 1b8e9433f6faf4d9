import fc from 'fast-check';
import { request as httpRequest } from 'node:http';
import type { OpenApiDocument, Operation, Schema } from './openapi-limits';

/**
 * Bad input generated from the gateway's own OpenAPI document (issue 14, item 2): for every
 * operation, fast-check builds requests that are wrong by construction — a body with one or
 * more fields broken against their schema, a query parameter out of its bounds, a path id that
 * is not ours, a bad header, a body that is not JSON, too deep or too large — and `verdictOf`
 * says what is wrong with the answer. Every case names what it broke, so a failure reads as a
 * bug report. fuzz.e2e-spec.ts runs it against the whole network.
 */

/** What the document says of a value, with the fields the limits check does not need. */
export type FuzzSchema = Schema & {
  required?: string[];
  pattern?: string;
  minLength?: number;
  minItems?: number;
  example?: unknown;
  nullable?: boolean;
};

type Parameter = { name: string; in: string; required?: boolean; schema?: FuzzSchema };

export interface FuzzRoute {
  method: string;
  /** As the document writes it: /api/v1/valuations/{id}/approve */
  path: string;
  pathParams: Parameter[];
  queryParams: Parameter[];
  /** The JSON body's schema, resolved; undefined when the operation takes none. */
  body?: FuzzSchema;
}

/**
 * What a case may be answered: `refused` is any 4xx problem; a list is those statuses exactly;
 * `answered` is anything but a 5xx (a read given input it does not declare, e.g. an unknown query
 * parameter where the operation has none: it may ignore it).
 */
export type Expectation = 'refused' | 'answered' | number[];

export interface FuzzCase {
  /** What was broken, e.g. "body assets.0.number: a lone surrogate". */
  label: string;
  /** The category printed in the per-route counts. */
  kind: string;
  method: string;
  /** Path and query exactly as sent (no normalisation of "..", no re-encoding). */
  target: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** Sent without Content-Length (Transfer-Encoding: chunked). */
  chunked?: boolean;
  expect: Expectation;
}

/** What the spec knows of the network that the document does not say. */
export interface FuzzContext {
  /** Values of path parameters other than ids that reach a real object ({code}: a center). */
  pathDefaults: Record<string, string>;
  /** Ids of another center's objects: each must be 404 on every route. */
  foreignIds: string[];
  /** The gateway's body limit in bytes (a body over it is 413). */
  bodyLimit: number;
  /** Prefix of the well-formed Idempotency-Keys cases send, so their rows can be found. */
  idempotencyPrefix: string;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Every operation of the document, with its parameters and body schema resolved. */
export function fuzzRoutes(doc: OpenApiDocument): FuzzRoute[] {
  const routes: FuzzRoute[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      const parameters = ((operation as Operation).parameters ?? []) as Parameter[];
      const json = (operation as Operation).requestBody?.content['application/json']?.schema;
      routes.push({
        method: method.toUpperCase(),
        path,
        pathParams: parameters.filter((p) => p.in === 'path'),
        queryParams: parameters.filter((p) => p.in === 'query'),
        body: json ? resolve(json, doc) : undefined,
      });
    }
  }
  return routes;
}

/** A $ref followed, an allOf merged: the schema as a validator sees it. */
function resolve(schema: FuzzSchema, doc: OpenApiDocument): FuzzSchema {
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = doc.components.schemas[name] as FuzzSchema | undefined;
    if (!target) throw new Error(`the document refers to ${schema.$ref}, which is not there`);
    return resolve(target, doc);
  }
  if (schema.allOf?.length) {
    const parts = schema.allOf.map((part) => resolve(part as FuzzSchema, doc));
    const { allOf: _allOf, ...own } = schema;
    return Object.assign({}, ...parts, own) as FuzzSchema;
  }
  return schema;
}

// ---------------------------------------------------------------------------------------------
// A well-formed value of a schema: the base every body mutation breaks in one or more places.
// ---------------------------------------------------------------------------------------------

const SAMPLE_UUID = '0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e6f';

export function sampleOf(schema: FuzzSchema, doc: OpenApiDocument, depth = 0): unknown {
  const s = resolve(schema, doc);
  if (s.enum?.length) return s.enum[0];
  if (s.example !== undefined && s.type !== 'object' && s.type !== 'array') return s.example;
  switch (s.type) {
    case 'string':
      if (s.format === 'uuid') return SAMPLE_UUID;
      if (s.format === 'date') return '2024-01-15';
      if (s.format === 'date-time') return '2024-01-15T08:00:00Z';
      return 'x'.repeat(Math.max(1, s.minLength ?? 1));
    case 'integer':
    case 'number':
      return s.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array': {
      if (Array.isArray(s.example)) return s.example;
      const item = s.items && depth < 8 ? sampleOf(s.items as FuzzSchema, doc, depth + 1) : 'x';
      return Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => structuredClone(item));
    }
    default: {
      const value: Record<string, unknown> = {};
      if (depth >= 8) return value;
      for (const [name, property] of Object.entries(s.properties ?? {}))
        value[name] = sampleOf(property as FuzzSchema, doc, depth + 1);
      if (typeof s.additionalProperties === 'object' && Object.keys(value).length === 0) {
        const example = s.example && typeof s.example === 'object' ? s.example : null;
        return (
          example ?? { sample: sampleOf(s.additionalProperties as FuzzSchema, doc, depth + 1) }
        );
      }
      return value;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// JSON with literals JSON.stringify cannot write (1e999 parses as Infinity, -0, 400 digits).
// ---------------------------------------------------------------------------------------------

class RawJson {
  constructor(readonly text: string) {}
}
const RAW_MARK = '\u{E000}raw:';

function toJson(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof RawJson) {
      raws.push(v.text);
      return `${RAW_MARK}${raws.length - 1}`;
    }
    return v;
  });
  return (text ?? '').replace(/"\uE000raw:(\d+)"/g, (_m, i: string) => raws[Number(i)]!);
}

// ---------------------------------------------------------------------------------------------
// Bad values, by what the schema asks for. Each is wrong for the schema it is used against.
// ---------------------------------------------------------------------------------------------

/** Characters the gateway refuses in any string: C0 and C1 controls but tab, LF and CR. */
const CONTROL = ['\u0000', '\u0001', '\u0007', '\u000b', '\u001b', '\u007f', '\u0085', '\u009f'];
/** Halves of a surrogate pair alone: not Unicode text (UTF-8 cannot carry them). */
const LONE_SURROGATES = ['\ud800', '\udbff', '\udc00', '\udfff', '\ud83d'];
/** Legitimate but awkward text: bidi controls, zero-width and combining marks, astral emoji. */
const AWKWARD_TEXT = [
  '\u202e',
  '\u200f',
  '\u061c',
  '\u200b',
  '\ufeff',
  '\u2028',
  '\uffff',
  'e\u0301',
  '😀',
  '👨‍👩‍👧‍👦',
  '𝟘',
  'İ',
  '\u{10FFFF}',
  '济南',
  'ﷺ',
];
/** Not a decimal string by the money and rate patterns (and not a JSON number either). */
const NOT_DECIMALS = [
  'NaN',
  'Infinity',
  '-Infinity',
  '1e999',
  '-1e999',
  '1e-999',
  '1e3',
  '0x1F',
  '1_000',
  '1,000.00',
  '+1',
  '.5',
  '1.',
  '1.005',
  '00.1',
  '１２３',
  '٣',
  '',
  ' ',
  '1 ',
  '--1',
  '１e9',
];
/** JSON number literals at the edges of what a parser or a decimal column takes. */
const EDGE_NUMBERS = [
  '1e999',
  '-1e999',
  '1E400',
  '-0',
  '0.1e-999',
  '123456789012345678901234567890',
  '1.7976931348623157e309',
  '5e-324',
  '9007199254740993',
  '0.30000000000000004',
  '-1',
  '1.5',
];
/** Not a calendar date, though some look like one. */
const NOT_DATES = [
  '2023-02-29',
  '2024-02-30',
  '2024-04-31',
  '2024-13-01',
  '2024-00-10',
  '2024-01-32',
  '2024-01-00',
  '0000-00-00',
  '9999-99-99',
  '2024-1-01',
  '20240101',
  '2024/01/01',
  '2024-01-01T00:00:00Z',
  '２０２４-０１-０１',
  'yesterday',
  '',
];
const NOT_UUIDS = [
  'not-a-uuid',
  '0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e6',
  '0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e6fa',
  '{0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e6f}',
  '0192f3c45b6a7c8d9e0f1a2b3c4d5e6f',
  '0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e6g',
  "' OR '1'='1",
  '1',
  '',
  '../../etc/passwd',
];

/** A JSON value of a type the schema does not take (null only where the field is required). */
function wrongTypes(schema: FuzzSchema, required: boolean): fc.Arbitrary<unknown> {
  const type = schema.type ?? (schema.properties ? 'object' : undefined);
  const candidates: unknown[] = [
    'a string',
    '',
    12345,
    new RawJson('1e999'),
    0,
    true,
    false,
    [],
    ['x'],
    {},
    { nested: { value: 1 } },
  ];
  if (required && !schema.nullable) candidates.push(null);
  const wrong = candidates.filter((value) => {
    if (value === null) return true;
    if (value instanceof RawJson) return type !== 'number' && type !== 'integer';
    if (Array.isArray(value)) return type !== 'array';
    switch (typeof value) {
      case 'string':
        return type !== 'string';
      case 'number':
        return type !== 'number' && type !== 'integer';
      case 'boolean':
        return type !== 'boolean';
      default:
        return type !== 'object';
    }
  });
  return fc.constantFrom(...wrong);
}

const DECIMAL = /^\^-?\(0\|\[1-9\]/;
const isDecimal = (s: FuzzSchema) => s.type === 'string' && !!s.pattern && DECIMAL.test(s.pattern);
const isConstrained = (s: FuzzSchema) =>
  s.type === 'string' && (!!s.enum || !!s.pattern || !!s.format);

/** Inserts `piece` into `text` at a drawn position. */
function inserted(text: string, piece: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(piece, fc.nat())
    .map(
      ([p, at]) => text.slice(0, at % (text.length + 1)) + p + text.slice(at % (text.length + 1)),
    );
}

interface Bad {
  what: string;
  value: unknown;
}

/**
 * Values that break a string of this schema, each with what it broke. In a query (`inQuery`) the
 * huge string is left to its own case (a URL that long is refused as such), and a lone surrogate
 * only where a pattern, enum or format refuses it (see badQueryValues).
 */
function badStrings(schema: FuzzSchema, base: string, inQuery = false): fc.Arbitrary<Bad>[] {
  const max = schema.maxLength ?? 200;
  const options: fc.Arbitrary<Bad>[] = [
    fc
      .integer({ min: max + 1, max: max + 64 })
      .map((n) => ({ what: `${n} characters (max ${max})`, value: 'x'.repeat(n) })),
    inserted(base, fc.constantFrom(...CONTROL)).map((value) => ({
      what: 'a control character',
      value,
    })),
  ];
  if (!inQuery)
    options.push(
      fc
        .integer({ min: 10_000, max: 400_000 })
        .map((n) => ({ what: `a huge string (${n} characters)`, value: '济'.repeat(n) })),
      inserted(base, fc.constantFrom(...LONE_SURROGATES)).map((value) => ({
        what: 'a lone surrogate',
        value,
      })),
    );
  if (schema.enum) {
    const members = schema.enum.map(String);
    options.push(
      fc
        .oneof(
          fc.constantFrom(...members.map((m) => m.toUpperCase()), ...members.map((m) => `${m} `)),
          fc.string({ maxLength: 20, unit: 'grapheme' }),
        )
        .filter((value) => !members.includes(value))
        .map((value) => ({ what: `not one of the enum (${JSON.stringify(value)})`, value })),
    );
  }
  if (isConstrained(schema)) {
    options.push(
      inserted(base, fc.constantFrom(...AWKWARD_TEXT)).map((value) => ({
        what: 'unicode in a constrained string',
        value,
      })),
    );
  }
  if (schema.pattern || schema.enum) {
    const pattern = schema.pattern ? new RegExp(schema.pattern) : null;
    options.push(
      fc
        .string({ minLength: 1, maxLength: 12, unit: 'binary' })
        .filter((value) => !(pattern?.test(value) ?? false) && !schema.enum?.includes(value))
        .map((value) => ({ what: 'arbitrary unicode', value })),
    );
  }
  if (schema.format === 'uuid')
    options.push(fc.constantFrom(...NOT_UUIDS).map((value) => ({ what: 'not a UUID', value })));
  if (schema.format === 'date')
    options.push(fc.constantFrom(...NOT_DATES).map((value) => ({ what: 'not a date', value })));
  if (isDecimal(schema))
    options.push(
      fc.constantFrom(...NOT_DECIMALS).map((value) => ({ what: 'not a decimal string', value })),
    );
  if (isDecimal(schema) && !inQuery)
    options.push(
      fc
        .oneof(
          fc.double({ noNaN: true, noDefaultInfinity: true }),
          fc.constantFrom(...EDGE_NUMBERS).map((text) => new RawJson(text)),
        )
        .map((value) => ({ what: 'money as a JSON number', value })),
    );
  return options;
}

/** Values that break a number of this schema. */
function badNumbers(schema: FuzzSchema): fc.Arbitrary<Bad>[] {
  const options: fc.Arbitrary<Bad>[] = [
    fc
      .constantFrom(...NOT_DECIMALS, '12')
      .map((value) => ({ what: 'a number as a string', value })),
    fc
      .constantFrom('1e999', '-1e999', '1E400', '123456789012345678901234567890')
      .map((text) => ({ what: `the literal ${text}`, value: new RawJson(text) })),
  ];
  if (schema.maximum !== undefined) {
    const max = schema.maximum;
    options.push(
      fc
        .oneof(fc.constant(max + 1), fc.integer({ min: Math.ceil(max) + 1 }), fc.constant(1e300))
        .map((value) => ({ what: `above the maximum ${max}`, value })),
    );
  }
  if (schema.minimum !== undefined) {
    const min = schema.minimum;
    options.push(
      fc
        .oneof(fc.constant(min - 1), fc.integer({ max: Math.floor(min) - 1 }), fc.constant(-1e300))
        .map((value) => ({ what: `below the minimum ${min}`, value })),
    );
  }
  if (schema.type === 'integer') {
    const low = schema.minimum ?? 0;
    options.push(fc.constant({ what: 'a fraction for an integer', value: low + 0.5 }));
  }
  return options;
}

// ---------------------------------------------------------------------------------------------
// Bodies: the sample, broken at one to three places.
// ---------------------------------------------------------------------------------------------

type Key = string | number;

interface Site {
  path: Key[];
  schema: FuzzSchema;
  required: boolean;
  value: unknown;
}

/** Every place in the sample a value sits, with its schema. */
function sitesOf(value: unknown, schema: FuzzSchema, doc: OpenApiDocument): Site[] {
  const sites: Site[] = [];
  const walk = (v: unknown, raw: FuzzSchema, path: Key[], required: boolean) => {
    const s = resolve(raw, doc);
    sites.push({ path, schema: s, required, value: v });
    if (Array.isArray(v) && s.items)
      v.forEach((item, i) => walk(item, s.items as FuzzSchema, [...path, i], true));
    else if (v && typeof v === 'object') {
      for (const [key, child] of Object.entries(v as Record<string, unknown>)) {
        const property = s.properties?.[key] ?? s.additionalProperties;
        if (property && typeof property === 'object')
          walk(child, property as FuzzSchema, [...path, key], !!s.required?.includes(key));
      }
    }
  };
  walk(value, schema, [], true);
  return sites;
}

interface Mutation {
  what: string;
  apply: (body: unknown) => unknown;
}

function describe(value: unknown): string {
  if (value instanceof RawJson) return `the literal ${value.text}`;
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/**
 * A deep copy that keeps RawJson literals (structuredClone would make them plain objects) and
 * own "__proto__" keys (an assignment would set the prototype instead).
 */
function clone<T>(value: T): T {
  if (value instanceof RawJson || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(clone) as T;
  const copy = {};
  for (const [key, child] of Object.entries(value))
    Object.defineProperty(copy, key, {
      value: clone(child),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return copy as T;
}

const named = (path: Key[]) => (path.length ? path.join('.') : 'the body');

function setAt(body: unknown, path: Key[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = clone(body) as Record<Key, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<Key, unknown>;
  node[path[path.length - 1]!] = value;
  return copy;
}

function deleteAt(body: unknown, path: Key[]): unknown {
  const copy = clone(body) as Record<Key, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<Key, unknown>;
  delete node[path[path.length - 1]!];
  return copy;
}

/** JSON nested `levels` deep, as objects or arrays, built without recursion. */
function nested(levels: number, kind: 'object' | 'array'): RawJson {
  return kind === 'array'
    ? new RawJson(`${'['.repeat(levels)}1${']'.repeat(levels)}`)
    : new RawJson(`${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`);
}

const DEPTHS = fc.constantFrom(33, 100, 3_000, 50_000);

function mutationsAt(site: Site): fc.Arbitrary<Mutation>[] {
  const { path, schema, required } = site;
  const at = named(path);
  const set = (what: string, value: unknown): Mutation => ({
    what: `${at}: ${what}`,
    apply: (body) => setAt(body, path, value),
  });
  const options: fc.Arbitrary<Mutation>[] = [
    wrongTypes(schema, required).map((value) =>
      set(`${describe(value)} instead of ${schema.type ?? 'object'}`, value),
    ),
    fc
      .tuple(DEPTHS, fc.constantFrom('object' as const, 'array' as const))
      .map(([levels, kind]) => set(`${kind}s nested ${levels} deep`, nested(levels, kind))),
  ];
  if (schema.type === 'string')
    options.push(
      ...badStrings(schema, String(site.value ?? '')).map((bad) =>
        bad.map(({ what, value }) => set(what, value)),
      ),
    );
  if (schema.type === 'integer' || schema.type === 'number')
    options.push(
      ...badNumbers(schema).map((bad) => bad.map(({ what, value }) => set(what, value))),
    );
  if (schema.type === 'array') {
    const items = Array.isArray(site.value) ? site.value : [];
    if (schema.maxItems !== undefined && items.length > 0) {
      const over = schema.maxItems + 1;
      options.push(
        fc.constant(
          set(
            `${over} items (max ${schema.maxItems})`,
            Array.from({ length: over }, (_, i) => items[i % items.length]),
          ),
        ),
      );
    }
    if ((schema.minItems ?? 0) > 0) options.push(fc.constant(set('no items', [])));
  }
  const isObject = schema.type === 'object' || !!schema.properties;
  if (isObject && typeof schema.additionalProperties !== 'object') {
    const known = new Set(Object.keys(schema.properties ?? {}));
    options.push(
      fc
        .tuple(
          fc.oneof(
            fc.constantFrom(
              '__proto__',
              'constructor',
              'prototype',
              'isAdmin',
              'tenant',
              'id',
              '$where',
            ),
            fc.string({ minLength: 1, maxLength: 16, unit: 'grapheme' }),
          ),
          fc.jsonValue({ maxDepth: 2 }),
        )
        .filter(([key]) => !known.has(key))
        .map(([key, value]) => ({
          what: `${at}: an unknown field ${JSON.stringify(key)}`,
          // JSON.parse makes "__proto__" an own key; an object literal here would not.
          apply: (body: unknown) => {
            const copy = clone(body);
            const target = path.reduce<any>((node, k) => node[k], copy);
            Object.defineProperty(target, key, { value, enumerable: true, writable: true });
            return copy;
          },
        })),
    );
  }
  if (isObject && schema.required?.length && site.value && typeof site.value === 'object')
    options.push(
      fc.constantFrom(...schema.required).map((name) => ({
        what: `${at}: ${name} (required) left out`,
        apply: (body: unknown) => deleteAt(body, [...path, name]),
      })),
    );
  return options;
}

function bodyCases(
  route: FuzzRoute,
  doc: OpenApiDocument,
): fc.Arbitrary<{ what: string; json: string }> {
  const schema = route.body!;
  const sample = sampleOf(schema, doc);
  const sites = sitesOf(sample, schema, doc);
  const mutation = fc.constantFrom(...sites).chain((site) => fc.oneof(...mutationsAt(site)));
  return fc.array(mutation, { minLength: 1, maxLength: 3 }).map((mutations) => {
    // Applied in turn; a later one may land inside what an earlier one replaced, so each is
    // applied only while its path still leads somewhere.
    let body: unknown = sample;
    const applied: string[] = [];
    for (const m of mutations) {
      try {
        body = m.apply(body);
        applied.push(m.what);
      } catch {
        // The path no longer exists (an earlier mutation replaced its parent).
      }
    }
    return { what: applied.join('; '), json: toJson(body) };
  });
}

/** A body that is not JSON, though its content-type says it is. */
const MALFORMED_JSON: ((json: string) => string)[] = [
  (json) => json.slice(0, Math.max(1, json.length - 1)),
  (json) => json.slice(0, Math.max(1, Math.floor(json.length / 2))),
  (json) => json.replace(/}$/, ',}'),
  (json) => json.replace(/"/g, "'"),
  (json) => `\ufeff${json}`,
  (json) => `${json}${json}`,
  (json) => `${json} trailing`,
  (json) => `// a comment\n${json}`,
  (json) => json.replace(/"([A-Za-z]+)":/, '$1:'),
  () => '{"a":NaN}',
  () => '{"a":Infinity}',
  () => '{"a":undefined}',
  () => '{"a":"\u0001 raw control"}',
  () => '{"a":"\\x41"}',
  () => '{"a":"\\u12"}',
  () => '{',
  () => '[',
  () => '"unterminated',
  () => 'nul',
  () => '\u0000',
  () => '{"a":1,}',
  () => '{"a" 1}',
  () => '<?xml version="1.0"?><a/>',
  () => 'a=1&b=2',
];

/** A body JSON.stringify could never write: bytes that are not UTF-8. */
const NOT_UTF8 = [
  Buffer.from([0xff, 0xfe, 0xfd]),
  Buffer.from([0xc0, 0xaf]),
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.from([0xe6, 0xb5]),
  Buffer.from([0xf8, 0x88, 0x80, 0x80, 0x80]),
];

const WRONG_CONTENT_TYPES = [
  'text/plain',
  'text/plain; charset=utf-8',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=fuzz',
  'application/xml',
  'text/xml',
  'text/html',
  'application/octet-stream',
  'application/javascript',
  'text/json',
  'application/jsonx',
  'application/json5',
  'json',
  '*/*',
  'application/',
  'application/x-json-stream',
];

// ---------------------------------------------------------------------------------------------
// Query strings, path parameters, headers.
// ---------------------------------------------------------------------------------------------

/** Percent-encodes every byte but unreserved ASCII; a lone surrogate becomes its CESU-8 bytes. */
export function encodeAny(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const pair =
      code >= 0xd800 && code <= 0xdbff && i + 1 < text.length
        ? text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff
        : false;
    const unit = pair ? text.slice(i, i + 2) : text[i]!;
    if (pair) i++;
    if (/^[A-Za-z0-9._~-]$/.test(unit)) {
      out += unit;
      continue;
    }
    const bytes =
      code >= 0xd800 && code <= 0xdfff && !pair
        ? Buffer.from([0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)])
        : Buffer.from(unit, 'utf8');
    for (const byte of bytes) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** A query value that breaks the parameter's schema (always sent as text). */
function badQueryValues(schema: FuzzSchema): fc.Arbitrary<Bad> {
  const options: fc.Arbitrary<Bad>[] = [
    fc.constantFrom(...CONTROL).map((c) => ({ what: 'a control character', value: `a${c}` })),
  ];
  // A lone surrogate cannot be percent-encoded: encodeAny sends its CESU-8 bytes, which are not
  // UTF-8, and the query parser reads them as U+FFFD, a legitimate character. Only a parameter
  // with a pattern, an enum or a format must refuse it; free text may be searched for it.
  if (schema.pattern || schema.enum || schema.format)
    options.push(
      fc
        .constantFrom(...LONE_SURROGATES)
        .map((c) => ({ what: 'bytes that are not UTF-8', value: `a${c}` })),
    );
  if (schema.type === 'integer' || schema.type === 'number') {
    const values = [
      'abc',
      'NaN',
      'Infinity',
      '-Infinity',
      '1e999',
      '9'.repeat(400),
      '١٢',
      '１２',
      'true',
      '[]',
      'null',
    ];
    if (schema.type === 'integer') values.push('1.5');
    if (schema.maximum !== undefined) values.push(String(schema.maximum + 1), String(1e300));
    if (schema.minimum !== undefined) values.push(String(schema.minimum - 1), '-1e300');
    if ((schema.minimum ?? 0) > 0) values.push('');
    options.push(
      fc.constantFrom(...values).map((value) => ({ what: 'not a number in range', value })),
    );
  } else if (schema.type === 'boolean') {
    options.push(
      fc
        .constantFrom('maybe', '2', 'truee', 'TRUE ', 'null', 'undefined', 'yes please', '')
        .map((value) => ({ what: 'not a boolean', value })),
    );
  } else {
    options.push(...badStrings(schema, String(schema.example ?? 'x'), true));
  }
  return fc.oneof(...options);
}

const BAD_IDEMPOTENCY_KEYS = [
  'a'.repeat(256),
  'a'.repeat(5_000),
  'has space',
  'slash/inside',
  'semi;colon',
  'comma,inside',
  '"quoted"',
  '<script>',
  "' OR 1=1 --",
  '%00',
  'é',
  Buffer.from('幂等键', 'utf8').toString('latin1'),
  'tab\tinside',
  '*',
];

const BAD_TENANTS = [
  'JINAN',
  'nowhere',
  'jinan,liaocheng',
  'jinan;liaocheng',
  'j',
  '_platform',
  'a'.repeat(1_000),
  '../jinan',
  '%6Ainan',
  Buffer.from('济南', 'utf8').toString('latin1'),
];

/** Path values that are no object's id: a 404 (or a 400 for a route's enum parameter). */
const BAD_IDS = fc.oneof(
  fc
    .constantFrom(
      ...NOT_UUIDS.filter(Boolean),
      'null',
      'undefined',
      '-1',
      '0',
      '00000000-0000-0000-0000-000000000000',
      'a'.repeat(2_000),
    )
    .map(encodeAny),
  // Sent as they are: dot segments, encoded separators and NUL, bytes that are not UTF-8.
  fc.constantFrom('..', '.', '%2e%2e', '%2F', '%00', '%ED%A0%80', '%FF', '%zz', '%'),
  fc.string({ minLength: 1, maxLength: 40, unit: 'binary' }).map(encodeAny),
  fc.uuid().map((u) => u.toUpperCase()),
);

// ---------------------------------------------------------------------------------------------
// The cases of a route.
// ---------------------------------------------------------------------------------------------

const weighted = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary });

/**
 * The malformed requests of one route. Each carries the path filled with a well-formed id that
 * names nothing (so an accidentally valid body still writes nothing, and answers 404), and, on a
 * POST, sometimes a well-formed Idempotency-Key, so the body is also refused past the key's
 * interceptor (three money routes require one).
 */
export function fuzzCases(
  route: FuzzRoute,
  doc: OpenApiDocument,
  context: FuzzContext,
): fc.Arbitrary<FuzzCase> {
  const sample = route.body ? toJson(sampleOf(route.body, doc)) : undefined;
  const idempotent = route.method === 'POST';
  const common = fc.record({
    ids: fc.array(fc.uuid({ version: 4 }), { minLength: 2, maxLength: 2 }),
    key: idempotent ? fc.option(fc.uuid({ version: 4 }), { freq: 2 }) : fc.constant(null),
  });

  const fill = (ids: string[], override: Record<string, string> = {}) => {
    let i = 0;
    return route.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
      if (override[name] !== undefined) return override[name]!;
      return context.pathDefaults[name] ?? ids[i++ % ids.length]!;
    });
  };
  const json = (): Record<string, string> => ({ 'content-type': 'application/json' });
  const withKey = (key: string | null): Record<string, string> =>
    key ? { 'idempotency-key': `${context.idempotencyPrefix}${key}` } : {};

  const make = (
    kind: string,
    label: string,
    target: string,
    headers: Record<string, string>,
    body: Buffer | string | undefined,
    expect: Expectation,
    chunked = false,
  ): FuzzCase => ({
    kind,
    label,
    method: route.method,
    target,
    headers,
    body: body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'),
    chunked,
    expect,
  });

  const kinds: { weight: number; arbitrary: fc.Arbitrary<FuzzCase> }[] = [];
  const hasIds = route.pathParams.some((p) => !(p.name in context.pathDefaults));

  if (route.body) {
    kinds.push(
      weighted(
        8,
        fc
          .tuple(common, bodyCases(route, doc))
          .map(([c, { what, json: body }]) =>
            make(
              'body',
              `body ${what}`,
              fill(c.ids),
              { ...json(), ...withKey(c.key) },
              body,
              'refused',
            ),
          ),
      ),
    );
  } else if (route.method !== 'GET' && hasIds) {
    // An operation that takes no body, sent one: it must not be read as something else. (One
    // that names no object, the logout, would do its work and ignore it: not a bad input.)
    kinds.push(
      weighted(
        2,
        fc
          .tuple(common, fc.jsonValue({ maxDepth: 3 }))
          .map(([c, value]) =>
            make(
              'body',
              `an unexpected body ${JSON.stringify(value).slice(0, 60)}`,
              fill(c.ids),
              { 'content-type': 'application/json', ...withKey(c.key) },
              JSON.stringify(value) ?? 'null',
              [400, 404],
            ),
          ),
      ),
    );
  }

  const base = sample ?? '{"fuzz":true}';
  // A read's body means nothing (RFC 9110 §9.3.1) and the gateway does not read it: a bad one on
  // a GET need only not break anything. Its content-type is still checked (415) first.
  const onBody = (expect: Expectation): Expectation =>
    route.method === 'GET' ? 'answered' : expect;

  // A body whose content-type is not JSON: 415 before anything reads it.
  kinds.push(
    weighted(
      2,
      fc
        .tuple(common, fc.constantFrom(...WRONG_CONTENT_TYPES), fc.boolean())
        .map(([c, type, form]) =>
          make(
            'content-type',
            `content-type ${type}`,
            fill(c.ids),
            { 'content-type': type, ...withKey(c.key) },
            form && type.includes('form') ? 'enterpriseId=1&name=x' : base,
            [415],
          ),
        ),
    ),
    weighted(
      1,
      common.map((c) =>
        make('content-type', 'a body without content-type', fill(c.ids), withKey(c.key), base, [
          415,
        ]),
      ),
    ),
  );

  // JSON that is not JSON, or not UTF-8.
  kinds.push(
    weighted(
      3,
      fc.tuple(common, fc.constantFrom(...MALFORMED_JSON.keys())).map(([c, i]) => {
        const text = MALFORMED_JSON[i]!(base);
        return make(
          'malformed',
          `malformed JSON #${i}: ${JSON.stringify(text.slice(0, 40))}`,
          fill(c.ids),
          { 'content-type': 'application/json', ...withKey(c.key) },
          text,
          onBody([400]),
        );
      }),
    ),
    weighted(
      1,
      fc
        .tuple(common, fc.constantFrom(...NOT_UTF8.keys()), fc.nat(), fc.boolean())
        .map(([c, i, at, chunked]) => {
          const text = Buffer.from(base, 'utf8');
          // Inside a string value (any of them), so the JSON around it stays well-formed and
          // only the decoding can refuse it; chunked, so no Content-Length check does it first.
          const values = [...base.matchAll(/:"/g)].map((m) =>
            Buffer.byteLength(base.slice(0, m.index + 2)),
          );
          const cut = values.length > 0 ? values[at % values.length]! : at % (text.length + 1);
          const body = Buffer.concat([text.subarray(0, cut), NOT_UTF8[i]!, text.subarray(cut)]);
          return make(
            'malformed',
            `bytes that are not UTF-8 (${NOT_UTF8[i]!.toString('hex')})${chunked ? ', chunked' : ''}`,
            fill(c.ids),
            { 'content-type': 'application/json', ...withKey(c.key) },
            body,
            onBody([400]),
            chunked,
          );
        }),
    ),
  );

  // Too deep at the root, and too large.
  kinds.push(
    weighted(
      1,
      fc
        .tuple(common, DEPTHS, fc.constantFrom('object' as const, 'array' as const))
        .map(([c, levels, kind]) =>
          make(
            'deep',
            `a body of ${kind}s nested ${levels} deep`,
            fill(c.ids),
            { 'content-type': 'application/json', ...withKey(c.key) },
            nested(levels, kind).text,
            onBody([400]),
          ),
        ),
    ),
    weighted(
      1,
      fc
        .tuple(common, fc.integer({ min: 1, max: 256 * 1024 }), fc.boolean())
        .map(([c, extra, chunked]) => {
          const filler = 'x'.repeat(context.bodyLimit + extra);
          return make(
            'too-large',
            `a body ${context.bodyLimit + extra + 12} bytes long${chunked ? ', chunked' : ''}`,
            fill(c.ids),
            { 'content-type': 'application/json', ...withKey(c.key) },
            `{"filler":"${filler}"}`,
            onBody([413]),
            chunked,
          );
        }),
    ),
  );

  // Query parameters out of their bounds; unknown ones; repeated ones.
  const params = route.queryParams;
  if (params.length > 0) {
    kinds.push(
      weighted(
        5,
        fc.tuple(common, fc.constantFrom(...params), fc.nat()).chain(([c, param]) =>
          badQueryValues(param.schema ?? { type: 'string' }).map(({ what, value }) => {
            const q = `${encodeAny(param.name)}=${encodeAny(String(value))}`;
            return make(
              'query',
              `query ${param.name}: ${what}`,
              `${fill(c.ids)}?${q}`,
              {},
              undefined,
              'refused',
            );
          }),
        ),
      ),
      weighted(
        1,
        fc.tuple(common, fc.constantFrom(...params)).map(([c, param]) => {
          const v = encodeAny(
            String(param.schema?.example ?? sampleOf(param.schema ?? { type: 'string' }, doc)),
          );
          return make(
            'query',
            `query ${param.name} given twice`,
            `${fill(c.ids)}?${param.name}=${v}&${param.name}=${v}`,
            {},
            undefined,
            'refused',
          );
        }),
      ),
    );
  }
  // An unknown query parameter: refused where the operation declares a query (like an unknown
  // body field); a read that declares none may ignore it; an operation with neither a query, a
  // body nor an id to get wrong (the logout) is sent only the keys refused everywhere.
  const ignorable = params.length === 0 && !route.body && !hasIds;
  kinds.push(
    weighted(
      2,
      fc
        .tuple(
          common,
          fc.oneof(
            fc
              .constantFrom('__proto__', 'constructor', 'prototype')
              .map((k) => ({ k, forbidden: true })),
            ...(ignorable && route.method !== 'GET'
              ? []
              : [
                  fc
                    .constantFrom(
                      'unknown',
                      'limit[$gt]',
                      'filter',
                      'tenant',
                      'debug',
                      'a'.repeat(300),
                    )
                    .map((k) => ({ k, forbidden: false })),
                ]),
          ),
          fc.string({ maxLength: 10 }),
        )
        .filter(([, { k }]) => !params.some((p) => p.name === k))
        .map(([c, { k, forbidden }, v]) =>
          make(
            'query',
            `an unknown query parameter ${k.slice(0, 20)}`,
            `${fill(c.ids)}?${encodeAny(k)}=${encodeAny(v)}`,
            route.body ? { ...json(), ...withKey(c.key) } : withKey(c.key),
            route.body ? toJson(setAt(JSON.parse(base), ['fuzzUnknown'], 1)) : undefined,
            forbidden || !ignorable ? 'refused' : 'answered',
          ),
        ),
    ),
  );

  // Path parameters that name nothing of ours: malformed, unknown, or another center's.
  if (route.pathParams.length > 0) {
    const name = fc.constantFrom(...route.pathParams.map((p) => p.name));
    const bodyHeaders = (key: string | null) =>
      route.body ? { 'content-type': 'application/json', ...withKey(key) } : withKey(key);
    kinds.push(
      weighted(
        3,
        fc
          .tuple(common, name, BAD_IDS)
          .map(([c, param, id]) =>
            make(
              'path',
              `path ${param}: ${id.slice(0, 40)}`,
              fill(c.ids, { [param]: id }),
              bodyHeaders(c.key),
              route.body ? base : undefined,
              'refused',
            ),
          ),
      ),
    );
    if (hasIds) {
      const idParams = route.pathParams
        .filter((p) => !(p.name in context.pathDefaults))
        .map((p) => p.name);
      kinds.push(
        weighted(
          2,
          fc
            .tuple(common, fc.constantFrom(...idParams), fc.constantFrom(...context.foreignIds))
            .map(([c, param, id]) =>
              make(
                'path',
                `path ${param}: another center's ${id}`,
                fill(c.ids, { [param]: id }),
                bodyHeaders(c.key),
                route.body ? base : undefined,
                route.body ? [400, 404] : [404],
              ),
            ),
        ),
      );
    }
    kinds.push(
      weighted(
        1,
        fc
          .tuple(common, name, fc.integer({ min: 20_000, max: 60_000 }))
          .map(([c, param, n]) =>
            make(
              'path',
              `path ${param}: ${n} characters (a URL over the header limit)`,
              fill(c.ids, { [param]: 'a'.repeat(n) }),
              {},
              undefined,
              'refused',
            ),
          ),
      ),
    );
  }

  // Headers. A bad Idempotency-Key (on a POST) and a header over Node's limit are refused
  // whatever else is sent; a bad center, request id, Accept or Content-Encoding may be ignored
  // (the center is only read from a platform admin), so they go with a broken body, or on a read
  // with a forbidden query key, and the case is bad whatever the header does.
  const badHeader = fc.oneof(
    ...(idempotent
      ? [
          fc
            .constantFrom(...BAD_IDEMPOTENCY_KEYS)
            .map((v) => ({ name: 'idempotency-key', value: v, alone: true })),
        ]
      : []),
    fc
      .integer({ min: 20_000, max: 40_000 })
      .map((n) => ({ name: 'x-fuzz', value: 'h'.repeat(n), alone: true })),
    fc.constantFrom(...BAD_TENANTS).map((v) => ({ name: 'x-tenant-id', value: v, alone: false })),
    fc
      .constantFrom(
        'a'.repeat(129),
        'has space',
        '<script>',
        Buffer.from('请求', 'utf8').toString('latin1'),
        '',
      )
      .map((v) => ({ name: 'x-request-id', value: v, alone: false })),
    fc
      .constantFrom('application/xml', 'text/html', 'image/png', '*/*;q=0', 'application/json;q=0')
      .map((v) => ({ name: 'accept', value: v, alone: false })),
    fc
      .constantFrom('gzip', 'br', 'deflate', 'identity;q=0', 'x-unknown')
      .map((v) => ({ name: 'content-encoding', value: v, alone: false })),
  );
  kinds.push(
    weighted(
      2,
      fc
        .tuple(common, badHeader, route.body ? bodyCases(route, doc) : fc.constant(null))
        .map(([c, header, broken]) => {
          const body = route.body ? (header.alone ? base : broken!.json) : undefined;
          const target = route.body || header.alone ? fill(c.ids) : `${fill(c.ids)}?__proto__=1`;
          const headers: Record<string, string> = route.body
            ? { 'content-type': 'application/json' }
            : {};
          if (header.name !== 'idempotency-key') Object.assign(headers, withKey(c.key));
          headers[header.name] = header.value;
          const along = header.alone ? '' : ` with ${broken?.what ?? 'a forbidden query key'}`;
          return make(
            'header',
            `header ${header.name}: ${JSON.stringify(header.value.slice(0, 30))}${along}`,
            target,
            headers,
            body,
            'refused',
          );
        }),
    ),
  );
  return fc.oneof(...kinds);
}

// ---------------------------------------------------------------------------------------------
// Sending and judging.
// ---------------------------------------------------------------------------------------------

export interface Answer {
  status: number;
  contentType: string;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/**
 * Sends a case as it is: the target unnormalised, headers and bytes untouched. An answer that
 * comes before the body is all sent (413, 415) is taken; the rest of the body may then fail to
 * write, which is the server's right.
 */
export function send(
  base: string,
  c: FuzzCase,
  credential: Record<string, string>,
): Promise<Answer> {
  const url = new URL(base);
  const headers: Record<string, string> = { ...credential, ...c.headers };
  // Node frames a GET's or DELETE's body only when told to: chunked is said, not assumed.
  if (c.body)
    headers[c.chunked ? 'transfer-encoding' : 'content-length'] = c.chunked
      ? 'chunked'
      : String(c.body.length);
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = httpRequest(
      // A connection of its own: a refused request may close it (413, 431), and the next case
      // must not be answered "socket hang up" for it.
      {
        host: url.hostname,
        port: url.port,
        method: c.method,
        path: c.target,
        headers,
        agent: false,
      },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', (error) => {
      // No answer at all (the connection closed or reset): judged like any other answer.
      if (!answered)
        resolve({ status: 0, contentType: '', headers: {}, text: `no answer: ${error.message}` });
    });
    if (c.body) req.write(c.body);
    req.end();
  });
}

/** What is wrong with an answer to a case, or null when it is as the issue asks. */
export function verdictOf(c: FuzzCase, answer: Answer): string | null {
  const { status } = answer;
  if (status === 0) return answer.text;
  if (status >= 500) return `${status}: a server error`;
  if (c.expect !== 'answered' && status < 400) return `${status}: accepted`;
  if (Array.isArray(c.expect) && !c.expect.includes(status))
    return `${status}, expected ${c.expect.join(' or ')}`;
  const requestId = answer.headers['x-request-id'];
  if (typeof requestId !== 'string' || !/^[A-Za-z0-9._:-]{1,128}$/.test(requestId))
    return `${status} with x-request-id ${JSON.stringify(requestId)}`;
  if (status < 400) return null;
  if (!answer.contentType.startsWith('application/problem+json'))
    return `${status} as ${answer.contentType || 'no content-type'}: ${answer.text.slice(0, 80)}`;
  let problem: Record<string, unknown>;
  try {
    problem = JSON.parse(answer.text) as Record<string, unknown>;
  } catch {
    return `${status}: the problem is not JSON`;
  }
  for (const field of ['type', 'title', 'detail', 'instance'])
    if (typeof problem[field] !== 'string' || !problem[field])
      return `${status}: the problem has no ${field}`;
  if (problem.status !== status)
    return `${status}: the problem says status ${String(problem.status)}`;
  return null;
}
