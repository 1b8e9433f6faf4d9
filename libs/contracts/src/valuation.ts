import * as v from './gen/tf/valuation/v1/valuation_pb';
import { GetPolicyRequestSchema } from './gen/tf/common/v1/envelope_pb';
import { command, event, policySection, query } from './contract';

/** The valuation service's operations (API.md "Valuation"). */
export const ValuationRpc = {
  request: command(
    'tf.valuation.valuation.request',
    v.RequestValuationRequestSchema,
    v.ValuationSchema,
  ),
  get: query('tf.valuation.valuation.get', v.GetValuationRequestSchema, v.ValuationSchema),
  list: query(
    'tf.valuation.valuation.list',
    v.ListValuationsRequestSchema,
    v.ListValuationsResponseSchema,
  ),
  approve: command(
    'tf.valuation.valuation.approve',
    v.ApproveValuationRequestSchema,
    v.ValuationSchema,
  ),
  reject: command(
    'tf.valuation.valuation.reject',
    v.RejectValuationRequestSchema,
    v.ValuationSchema,
  ),
  report: query('tf.valuation.report.get', v.ValuationReportRequestSchema, v.ValuationReportSchema),
  getPolicy: query('tf.valuation.policy.get', GetPolicyRequestSchema, v.ValuationPolicySchema),
  updatePolicy: command(
    'tf.valuation.policy.update',
    v.UpdateValuationPolicyRequestSchema,
    v.ValuationPolicySchema,
  ),
  /** For credit and guarantee: the current approved pledge value of an asset set. */
  pledgeValue: query(
    'tf.valuation.pledge-value.get',
    v.PledgeValueRequestSchema,
    v.PledgeValueResponseSchema,
  ),
} as const;

export const ValuationEvents = {
  computed: event('valuation', 'valuation-computed', v.ValuationComputedSchema),
  approved: event('valuation', 'valuation-approved', v.ValuationApprovedSchema),
  expired: event('valuation', 'valuation-expired', v.ValuationExpiredSchema),
} as const;

/** The valuation section of a center's policy. */
export const ValuationPolicySection = policySection(
  'valuation',
  ValuationRpc.getPolicy,
  ValuationRpc.updatePolicy,
);
