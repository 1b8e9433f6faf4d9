import { DomainError } from '@tf/platform';

/** The DomainError a call over NATS fails with; the test fails if it succeeds or throws another. */
export async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}
