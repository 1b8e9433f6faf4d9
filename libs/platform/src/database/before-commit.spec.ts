import { BeforeCommit } from './before-commit';

describe('BeforeCommit: what a transaction gathers is written once, before it commits', () => {
  it('gives every caller of a key the same value, and writes each key once, in the order first gathered', async () => {
    const before = new BeforeCommit();
    const written: string[] = [];
    const sums = { name: 'sums' };
    const counts = { name: 'counts' };
    const gather = (key: { name: string }) =>
      before.gather(
        key,
        () => [] as number[],
        async (values) => {
          written.push(`${key.name}: ${values.join('+')}`);
        },
      );
    gather(sums).push(1);
    gather(counts).push(7);
    gather(sums).push(2);
    await before.run();
    expect(written).toEqual(['sums: 1+2', 'counts: 7']);
    // Run again (the transaction's own run after a caller's): nothing is written twice.
    await before.run();
    expect(written).toHaveLength(2);
  });

  it('a failed write rejects the run, so the transaction rolls back', async () => {
    const before = new BeforeCommit();
    before.gather(
      {},
      () => 1,
      () => Promise.reject(new Error('refused')),
    );
    await expect(before.run()).rejects.toThrow('refused');
  });
});
