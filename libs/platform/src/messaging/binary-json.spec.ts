import {
  create,
  fromBinary,
  toBinary,
  type DescField,
  type DescMessage,
  ScalarType,
} from '@bufbuild/protobuf';
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import { SourceCodeInfo_LocationSchema, TimestampSchema } from '@bufbuild/protobuf/wkt';
import { common, credit, guarantee, investment, tenancy, trading, valuation } from '@tf/contracts';
import fc from 'fast-check';
import { binaryJson, readsDirectly } from './binary-json';
import { messageJson } from './messages';

/** Every message of the contracts. */
const CONTRACT_SCHEMAS: DescMessage[] = [
  common,
  credit,
  guarantee,
  investment,
  tenancy,
  trading,
  valuation,
].flatMap((namespace) =>
  Object.values(namespace).filter(
    (value): value is DescMessage =>
      typeof value === 'object' && value !== null && (value as DescMessage).kind === 'message',
  ),
);

function scalar(type: ScalarType): fc.Arbitrary<unknown> {
  switch (type) {
    case ScalarType.STRING:
      return fc.string({ unit: 'binary', maxLength: 6 });
    case ScalarType.INT32:
      return fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
    case ScalarType.BOOL:
      return fc.boolean();
    case ScalarType.BYTES:
      return fc.uint8Array({ maxLength: 6 });
    default:
      throw new Error(`no arbitrary for scalar type ${type}`);
  }
}

function fieldValue(field: DescField, depth: number): fc.Arbitrary<unknown> {
  const absent = fc.constant(undefined);
  switch (field.fieldKind) {
    case 'scalar':
      return fc.option(scalar(field.scalar), { nil: undefined });
    case 'message':
      return depth > 2 ? absent : fc.option(initOf(field.message, depth + 1), { nil: undefined });
    case 'list':
      if (field.listKind === 'message')
        return depth > 2 ? absent : fc.array(initOf(field.message, depth + 1), { maxLength: 2 });
      if (field.listKind === 'scalar') return fc.array(scalar(field.scalar), { maxLength: 3 });
      return absent;
    case 'map':
      return field.mapKind === 'scalar'
        ? fc.dictionary(fc.string({ maxLength: 4 }), scalar(field.scalar), { maxKeys: 3 })
        : absent;
    default:
      return absent;
  }
}

/** A message's init object: any of its fields set or not, nested messages a few levels deep. */
function initOf(schema: DescMessage, depth = 0): fc.Arbitrary<Record<string, unknown>> {
  const fields: Record<string, fc.Arbitrary<unknown>> = {};
  for (const field of schema.fields) fields[field.localName] = fieldValue(field, depth);
  return fc
    .record(fields)
    .map((init) =>
      Object.fromEntries(Object.entries(init).filter(([, value]) => value !== undefined)),
    );
}

/** The reflective way the gateway answered before. */
function reflective(schema: DescMessage, bytes: Uint8Array) {
  return messageJson(schema, fromBinary(schema, bytes));
}

describe('binaryJson: a reply read straight into the API JSON', () => {
  it('reads every contract directly (none falls back to the reflective way)', () => {
    expect(CONTRACT_SCHEMAS.length).toBeGreaterThan(100);
    expect(
      CONTRACT_SCHEMAS.filter((schema) => !readsDirectly(schema)).map((s) => s.typeName),
    ).toEqual([]);
  });

  it.each(CONTRACT_SCHEMAS.map((schema) => [schema.typeName, schema] as const))(
    'gives what messageJson gives for %s',
    (_name, schema) => {
      fc.assert(
        fc.property(initOf(schema), (init) => {
          const bytes = toBinary(schema, create(schema, init as never));
          expect(binaryJson(schema, bytes)).toEqual(reflective(schema, bytes));
        }),
        { numRuns: 25 },
      );
    },
  );

  it('skips fields it does not know, as a reader of an older contract must', () => {
    const message = create(valuation.ValuationSchema, {
      id: 'v1',
      assumptions: ['a'],
      parameters: { royaltyRate: '0.05' },
      conclusion: { value: '10.00' },
    });
    const known = toBinary(valuation.ValuationSchema, message);
    const unknown = new BinaryWriter()
      .tag(99, WireType.LengthDelimited)
      .string('later')
      .tag(98, WireType.Varint)
      .int32(7)
      .finish();
    const bytes = new Uint8Array([...known, ...unknown]);
    expect(binaryJson(valuation.ValuationSchema, bytes)).toEqual(
      reflective(valuation.ValuationSchema, bytes),
    );
    expect(binaryJson(valuation.ValuationSchema, bytes)).toMatchObject({
      id: 'v1',
      approvedBy: null,
      conclusion: { value: '10.00', low: '' },
      parameters: { royaltyRate: '0.05' },
      assets: [],
    });
  });

  it('reads repeated numbers packed and one by one', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { maxLength: 4 }),
        (path) => {
          const packed = toBinary(
            SourceCodeInfo_LocationSchema,
            create(SourceCodeInfo_LocationSchema, { path }),
          );
          const oneByOne = new BinaryWriter();
          for (const n of path) oneByOne.tag(1, WireType.Varint).int32(n);
          for (const bytes of [packed, oneByOne.finish()])
            expect(binaryJson(SourceCodeInfo_LocationSchema, bytes)).toEqual(
              reflective(SourceCodeInfo_LocationSchema, bytes),
            );
        },
      ),
    );
    expect(readsDirectly(SourceCodeInfo_LocationSchema)).toBe(true);
  });

  it('reads a schema with fields it does not handle the reflective way', () => {
    expect(readsDirectly(TimestampSchema)).toBe(false);
    const bytes = toBinary(TimestampSchema, create(TimestampSchema, { seconds: 1n, nanos: 5 }));
    expect(binaryJson(TimestampSchema, bytes)).toEqual(reflective(TimestampSchema, bytes));
  });

  it('refuses bytes cut short', () => {
    const bytes = toBinary(
      valuation.ValuationSchema,
      create(valuation.ValuationSchema, { id: 'v1', conclusion: { value: '10.00' } }),
    );
    expect(() =>
      binaryJson(valuation.ValuationSchema, bytes.subarray(0, bytes.length - 2)),
    ).toThrow();
  });
});
