import { missingNodeFlags, SERVICE_NODE_FLAGS } from './process-env';

describe('missingNodeFlags', () => {
  it('names each service flag a process was started without', () => {
    expect(missingNodeFlags([])).toEqual([...SERVICE_NODE_FLAGS]);
    expect(missingNodeFlags(['--inspect', ...SERVICE_NODE_FLAGS])).toEqual([]);
  });

  it('does not take a flag with another value for the one it needs', () => {
    expect(missingNodeFlags(['--heap-growing-percent=50'])).toContain('--heap-growing-percent=200');
  });
});
