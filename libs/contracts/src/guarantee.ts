import * as m from './gen/tf/guarantee/v1/guarantee_pb';
import { query } from './contract';

/** The guarantee service's operations. */
export const GuaranteeRpc = {
  get: query('tf.guarantee.guarantee.get', m.GetGuaranteeRequestSchema, m.GuaranteeSchema),
} as const;
