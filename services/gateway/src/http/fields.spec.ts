import 'reflect-metadata';
import { DomainError } from '@tf/platform';
import { NestedField, NestedListField, TextField } from './fields';
import { createValidationPipe } from './validation';

class Item {
  @TextField({ maxLength: 10 }) name!: string;
}

class Order {
  @NestedListField(Item, { maxItems: 5, itemName: 'item' }) items!: Item[];
  @NestedField(Item, { optional: true }) gift?: Item;
}

/** What the gateway's ValidationPipe answers for a body: the value, or the fields it names. */
async function validate(body: unknown): Promise<unknown> {
  try {
    return await createValidationPipe().transform(body, { type: 'body', metatype: Order });
  } catch (error) {
    if (error instanceof DomainError) return error.options.fields;
    throw error;
  }
}

describe('nested fields take objects, never lists in their place', () => {
  it('passes a list of objects and an optional object', async () => {
    expect(await validate({ items: [{ name: 'a' }], gift: { name: 'b' } })).toBeInstanceOf(Order);
    expect(await validate({ items: [] })).toBeInstanceOf(Order);
  });

  it.each([[[[]]], [[[{ name: 'a' }]]], [['x']], [[null]]])(
    'refuses %j as a list of objects, naming the list',
    async (items) => {
      expect(await validate({ items })).toContainEqual({
        field: 'items',
        message: 'each item must be an object',
      });
    },
  );

  it.each([[[]], [[{ name: 'a' }]], ['x']])('refuses %j for an optional object', async (gift) => {
    expect(await validate({ items: [], gift })).toContainEqual({
      field: 'gift',
      message: 'must be an object',
    });
  });
});
