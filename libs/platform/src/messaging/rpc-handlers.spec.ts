import 'reflect-metadata';
import { ValuationRpc } from '@tf/contracts';
import { contractOf } from './rpc-handler';
import { rpcHandlers } from './rpc-handlers';

class Valuations {
  get(id: string) {
    return Promise.resolve({ id });
  }
}

describe('rpcHandlers: a table of NATS handlers', () => {
  it('is a provider with one handler per contract, on its subject, calling the use case', async () => {
    const Handlers = rpcHandlers(Valuations).on(ValuationRpc.get, (valuations, request) =>
      valuations.get(request.id),
    );
    expect(Handlers.name).toBe('ValuationsHandlers');
    const method = (Handlers.prototype as Record<string, unknown>)[ValuationRpc.get.subject];
    expect(contractOf(method as object)).toBe(ValuationRpc.get);
    const instance = new Handlers(new Valuations()) as Record<
      string,
      (...args: unknown[]) => unknown
    >;
    await expect(instance[ValuationRpc.get.subject]!({ id: 'v-1' }, {})).resolves.toEqual({
      id: 'v-1',
    });
  });

  it('refuses a contract handled twice', () => {
    const handle = (valuations: Valuations, request: { id: string }) => valuations.get(request.id);
    expect(() =>
      rpcHandlers(Valuations).on(ValuationRpc.get, handle).on(ValuationRpc.get, handle),
    ).toThrow('ValuationsHandlers handles tf.valuation.valuation.get twice');
  });
});
