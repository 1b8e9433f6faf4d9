import { defineErrors } from '@tf/core';
import { command, query, slow } from './contract';
import * as o from './gen/tf/ops/v1/ops_pb';

export * as ops from './gen/tf/ops/v1/ops_pb';

/**
 * How long the gateway waits for one service's dead letters before it lists the others without
 * them (the service is then named in `unavailable`).
 */
export const DEAD_LETTER_LIST_DEADLINE_MS = 2_000;

/**
 * The operations the platform answers for every service, whatever its name (PlatformModule
 * registers them; no service writes a line): its dead letters, the events its handlers failed on
 * too many times, listed and replayed. Platform-level: no center; the gateway lets platform
 * admins only.
 */
export function deadLetterRpc(service: string) {
  return {
    list: slow(
      query(
        `tf.${service}.dead-letter.list`,
        o.ListDeadLettersRequestSchema,
        o.ListDeadLettersResponseSchema,
        'platform',
      ),
      DEAD_LETTER_LIST_DEADLINE_MS,
    ),
    /** Handles the parked event again, in a fresh transaction with its inbox row. */
    replay: command(
      `tf.${service}.dead-letter.replay`,
      o.ReplayDeadLetterRequestSchema,
      o.DeadLetterSchema,
      'platform',
    ),
  } as const;
}

export const OpsErrors = defineErrors({
  DEAD_LETTER_NOT_FOUND: { status: 404 },
  /** The handler failed again: the letter stays parked with the new error. */
  DEAD_LETTER_REPLAY_FAILED: { status: 422 },
  /** The service no longer handles that event (its handler was removed): nothing replays it. */
  DEAD_LETTER_CONSUMER_GONE: { status: 409 },
});
