import { CommonErrors, type DeclaredError } from '@tf/core';
import { CreditErrors } from './credit';
import { GuaranteeErrors } from './guarantee';
import { InvestmentErrors } from './investment';
import { TenancyErrors } from './tenancy';
import { TradingErrors } from './trading';
import { ValuationErrors } from './valuation';

/**
 * The words the services share, stated once: enumerations and each domain's declared errors.
 * Plain TypeScript with no generated code, so domain functions can import it (alone with
 * @tf/core) without loading protobuf, Nest, TypeORM or nats.
 */
export * from './common';
export * from './credit';
export * from './guarantee';
export * from './investment';
export * from './tenancy';
export * from './trading';
export * from './valuation';
export * from './patent-number';
export * from './asset-identity';

/** Every declared error, by code: what the gateway maps to a problem type. */
export const DECLARED_ERRORS: ReadonlyMap<string, DeclaredError> = declaredOnce([
  CommonErrors,
  TenancyErrors,
  ValuationErrors,
  GuaranteeErrors,
  CreditErrors,
  InvestmentErrors,
  TradingErrors,
]);

function declaredOnce(tables: Record<string, DeclaredError>[]): Map<string, DeclaredError> {
  const all = new Map<string, DeclaredError>();
  for (const table of tables) {
    for (const declared of Object.values(table)) {
      if (all.has(declared.code)) throw new Error(`error code ${declared.code} is declared twice`);
      all.set(declared.code, declared);
    }
  }
  return all;
}
