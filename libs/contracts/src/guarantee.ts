import { GetPolicyRequestSchema } from './gen/tf/common/v1/envelope_pb';
import * as m from './gen/tf/guarantee/v1/guarantee_pb';
import { command, event, policySection, query } from './contract';

/** The guarantee service's operations (API.md "Guarantee"). */
export const GuaranteeRpc = {
  request: command(
    'tf.guarantee.guarantee.request',
    m.RequestGuaranteeRequestSchema,
    m.GuaranteeSchema,
  ),
  get: query('tf.guarantee.guarantee.get', m.GetGuaranteeRequestSchema, m.GuaranteeSchema),
  list: query('tf.guarantee.guarantee.list', m.ListGuaranteesRequestSchema, m.GuaranteeListSchema),
  approve: command(
    'tf.guarantee.guarantee.approve',
    m.ApproveGuaranteeRequestSchema,
    m.GuaranteeSchema,
  ),
  decline: command(
    'tf.guarantee.guarantee.decline',
    m.DeclineGuaranteeRequestSchema,
    m.GuaranteeSchema,
  ),
  capacity: query(
    'tf.guarantee.capacity.get',
    m.GetGuaranteeCapacityRequestSchema,
    m.GuaranteeCapacitySchema,
  ),
  updateInstitution: command(
    'tf.guarantee.institution.update',
    m.UpdateInstitutionRequestSchema,
    m.GuaranteeCapacitySchema,
  ),
  getPolicy: query('tf.guarantee.policy.get', GetPolicyRequestSchema, m.GuaranteePolicySchema),
  updatePolicy: command(
    'tf.guarantee.policy.update',
    m.UpdateGuaranteePolicyRequestSchema,
    m.GuaranteePolicySchema,
  ),
} as const;

export const GuaranteeEvents = {
  approved: event('guarantee', 'guarantee-approved', m.GuaranteeApprovedSchema),
  activated: event('guarantee', 'guarantee-activated', m.GuaranteeActivatedSchema),
  released: event('guarantee', 'guarantee-released', m.GuaranteeReleasedSchema),
  claimed: event('guarantee', 'guarantee-claimed', m.GuaranteeClaimedSchema),
  recovered: event('guarantee', 'guarantee-recovered', m.GuaranteeRecoveredSchema),
} as const;

/** The guarantee section of a center's policy. */
export const GuaranteePolicySection = policySection(
  'guarantee',
  GuaranteeRpc.getPolicy,
  GuaranteeRpc.updatePolicy,
);
