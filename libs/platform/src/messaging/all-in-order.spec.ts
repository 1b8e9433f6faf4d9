import { allInOrder } from './all-in-order';

const later = <T>(ms: number, value: T) =>
  new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));
const failing = (ms: number, message: string) =>
  new Promise<never>((_resolve, reject) => setTimeout(() => reject(new Error(message)), ms));

describe('allInOrder: parallel calls, failures reported in the order given', () => {
  it('answers every value, in order, whatever order they arrive in', async () => {
    await expect(allInOrder([later(20, 'a'), later(1, 2), 'c'])).resolves.toEqual(['a', 2, 'c']);
  });

  it('throws the first failure in the order given, not the first to arrive', async () => {
    await expect(
      allInOrder([failing(30, 'enterprise not found'), failing(1, 'collateral')]),
    ).rejects.toThrow('enterprise not found');
  });
});
