import {
  fromBinary,
  ScalarType,
  type DescField,
  type DescMessage,
  type JsonObject,
  type JsonValue,
} from '@bufbuild/protobuf';
import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';
import { FeatureSet_FieldPresence } from '@bufbuild/protobuf/wkt';
import { messageJson } from './messages';

/** The field types the contracts use; a schema with any other is read the reflective way. */
type Scalar = 'string' | 'int32' | 'bool' | 'bytes';

/** How to read one field of a message and write it into the API's JSON. */
interface FieldPlan {
  jsonName: string;
  kind: Scalar | 'message' | 'map';
  /** The same field repeated: a JSON array. */
  list: boolean;
  /** The message of a message field or list, or undefined. */
  message?: MessagePlan;
  /** A map's value (its keys are strings). */
  mapValue?: Scalar;
}

/** A message's fields by number, and its JSON before any field is read. */
interface MessagePlan {
  fields: Map<number, FieldPlan>;
  /** A new object of every field in declaration order, each at its JSON default. */
  empty: () => JsonObject;
}

const SCALARS = new Map<ScalarType, Scalar>([
  [ScalarType.STRING, 'string'],
  [ScalarType.INT32, 'int32'],
  [ScalarType.BOOL, 'bool'],
  [ScalarType.BYTES, 'bytes'],
]);

/** Plans by schema; null when a schema (or one it holds) has a field this reader does not know. */
const plans = new WeakMap<DescMessage, MessagePlan | null>();

/**
 * A guard only: plans hold no cycles (a schema that holds itself is read the reflective way), so
 * a reply nests no deeper than its schema.
 */
const MAX_DEPTH = 100;

/**
 * A reply's bytes as the API's JSON: the same object as `messageJson(schema, fromBinary(schema,
 * bytes))`, with every field in declaration order, read field by field from the schema without
 * building the messages first. For a 5-asset valuation the reflective way (messages built, then
 * walked into JSON, then walked again for nulls) was a fifth of the gateway's CPU on the read,
 * and a good part of what its young generation collected (docs/performance.md). Handles what the contracts use (string, int32, bool and
 * bytes fields, optional or repeated, messages, maps of strings); any other schema, and one that
 * holds itself, is read the reflective way. A message field sent twice keeps the last (protobuf
 * would merge the two; protobuf-es never sends one twice). A property test over every contract
 * holds the two ways equal.
 */
export function binaryJson(schema: DescMessage, bytes: Uint8Array): JsonObject {
  const plan = planOf(schema);
  if (!plan) return messageJson(schema, fromBinary(schema, bytes));
  const reader = new BinaryReader(bytes);
  return readMessage(plan, reader, bytes.length, 0);
}

function planOf(schema: DescMessage): MessagePlan | null {
  const known = plans.get(schema);
  if (known !== undefined) return known;
  // A schema that holds itself, directly or not, is read the reflective way.
  if (planning.has(schema)) return null;
  planning.add(schema);
  try {
    const fields = new Map<number, FieldPlan>();
    const defaults: [string, () => JsonValue][] = [];
    for (const field of schema.fields) {
      const planned = fieldPlan(field);
      if (!planned) {
        plans.set(schema, null);
        return null;
      }
      fields.set(field.number, planned.plan);
      defaults.push([planned.plan.jsonName, planned.empty]);
    }
    const plan: MessagePlan = {
      fields,
      empty: () => {
        const json: JsonObject = {};
        for (const [name, empty] of defaults) json[name] = empty();
        return json;
      },
    };
    plans.set(schema, plan);
    return plan;
  } finally {
    planning.delete(schema);
  }
}

/** The schemas being planned, down from the one asked for. */
const planning = new Set<DescMessage>();

/** What `messageJson` writes for a field that was not sent. */
const NOTHING = () => null;
const EMPTY_LIST = () => [];
const EMPTY_MAP = () => ({});
const IMPLICIT: Record<Scalar, () => JsonValue> = {
  string: () => '',
  int32: () => 0,
  bool: () => false,
  bytes: () => '',
};

function fieldPlan(field: DescField): { plan: FieldPlan; empty: () => JsonValue } | undefined {
  const jsonName = field.jsonName;
  switch (field.fieldKind) {
    case 'scalar': {
      const kind = SCALARS.get(field.scalar);
      if (!kind || field.oneof) return undefined;
      const explicit = field.presence === FeatureSet_FieldPresence.EXPLICIT;
      return {
        plan: { jsonName, kind, list: false },
        empty: explicit ? NOTHING : IMPLICIT[kind],
      };
    }
    case 'message': {
      const message = field.delimitedEncoding || field.oneof ? null : planOf(field.message);
      if (!message) return undefined;
      return { plan: { jsonName, kind: 'message', list: false, message }, empty: NOTHING };
    }
    case 'list': {
      if (field.listKind === 'message') {
        const message = field.delimitedEncoding ? null : planOf(field.message);
        if (!message) return undefined;
        return { plan: { jsonName, kind: 'message', list: true, message }, empty: EMPTY_LIST };
      }
      const kind = field.listKind === 'scalar' ? SCALARS.get(field.scalar) : undefined;
      if (!kind) return undefined;
      return { plan: { jsonName, kind, list: true }, empty: EMPTY_LIST };
    }
    case 'map': {
      const value = field.mapKind === 'scalar' ? SCALARS.get(field.scalar) : undefined;
      if (field.mapKey !== ScalarType.STRING || !value) return undefined;
      return { plan: { jsonName, kind: 'map', list: false, mapValue: value }, empty: EMPTY_MAP };
    }
    default:
      return undefined;
  }
}

function readMessage(plan: MessagePlan, reader: BinaryReader, end: number, depth: number) {
  if (depth > MAX_DEPTH) throw new Error('message nested too deep');
  const json = plan.empty();
  while (reader.pos < end) {
    const [number, wireType] = reader.tag();
    const field = plan.fields.get(number);
    if (!field) {
      reader.skip(wireType, number);
      continue;
    }
    if (field.kind === 'message') {
      const length = reader.uint32();
      const value = readMessage(
        field.message as MessagePlan,
        reader,
        reader.pos + length,
        depth + 1,
      );
      if (field.list) (json[field.jsonName] as JsonValue[]).push(value);
      else json[field.jsonName] = value;
    } else if (field.kind === 'map') {
      const [key, value] = readMapEntry(field.mapValue as Scalar, reader);
      (json[field.jsonName] as JsonObject)[key] = value;
    } else if (field.list) {
      const list = json[field.jsonName] as JsonValue[];
      // Numbers and booleans come packed in one length-delimited run, or one by one.
      if (
        wireType === WireType.LengthDelimited &&
        field.kind !== 'string' &&
        field.kind !== 'bytes'
      ) {
        const runEnd = reader.uint32() + reader.pos;
        while (reader.pos < runEnd) list.push(readScalar(field.kind, reader));
      } else list.push(readScalar(field.kind, reader));
    } else json[field.jsonName] = readScalar(field.kind, reader);
  }
  if (reader.pos !== end) throw new Error('message ended past its length');
  return json;
}

function readMapEntry(value: Scalar, reader: BinaryReader): [string, JsonValue] {
  const end = reader.uint32() + reader.pos;
  let key = '';
  let read: JsonValue = IMPLICIT[value]();
  while (reader.pos < end) {
    const [number, wireType] = reader.tag();
    if (number === 1) key = reader.string();
    else if (number === 2) read = readScalar(value, reader);
    else reader.skip(wireType, number);
  }
  return [key, read];
}

function readScalar(kind: Scalar, reader: BinaryReader): JsonValue {
  switch (kind) {
    case 'string':
      return reader.string();
    case 'int32':
      return reader.int32();
    case 'bool':
      return reader.bool();
    case 'bytes':
      return Buffer.from(reader.bytes()).toString('base64');
  }
}

/** Whether `binaryJson` reads this schema directly, not the reflective way. */
export function readsDirectly(schema: DescMessage): boolean {
  return planOf(schema) !== null;
}
