export * from './contract';
export * as common from './gen/tf/common/v1/envelope_pb';
export * as tenancy from './gen/tf/tenancy/v1/tenancy_pb';
export * from './tenancy';
