import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PlatformModule } from '@tf/platform';
import { ApiKeyAuthenticator } from './auth/api-key-authenticator';
import { FailureLimiter } from './auth/failure-limiter';
import { SessionChecker } from './auth/session-checker';
import { staffTokenOptions } from './auth/staff-tokens';
import { AuditController } from './audit/audit.controller';
import { AuditReader } from './audit/audit-reader';
import { AuditTrail } from './audit/audit-trail';
import { AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { RateLimitGuard } from './auth/rate-limit.guard';
import { TenantDirectory } from './auth/tenant-directory';
import type { GatewayConfig } from './config';
import { EnterprisesController } from './enterprises/enterprises.controller';
import { OverviewController } from './overview/overview.controller';
import { OverviewService } from './overview/overview.service';
import { StatsController } from './stats/stats.controller';
import { Forward } from './http/forward';
import { ProblemFilter } from './http/problem.filter';
import { RouteTable, routesOfModule } from './http/routes';
import { createValidationPipe } from './http/validation';
import { IdempotencyStore } from './idempotency/idempotency.store';
import { IdempotentAnswers } from './idempotency/idempotent-answers';
import { migrations } from './migrations';
import { PartnersController } from './partners/partners.controller';
import { CenterPolicy } from './tenants/center-policy';
import { TenantsController } from './tenants/tenants.controller';
import { UsersController } from './users/users.controller';
import { ValuationsController } from './valuations/valuations.controller';
import { GuaranteesController } from './guarantees/guarantees.controller';
import { LoansController } from './loans/loans.controller';
import { InvestmentController } from './investment/investment.controller';
import { TradingController } from './trading/trading.controller';
import { DeadLettersController } from './ops/dead-letters.controller';
import { DeadLetters } from './ops/dead-letters.service';

/**
 * The only HTTP surface: authenticates, resolves the center, validates, rate-limits, keeps
 * idempotency keys and the audit trail, and forwards to the services over NATS. It owns no
 * business data.
 */
@Module({})
export class AppModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    const module: DynamicModule = {
      module: AppModule,
      imports: [
        PlatformModule.forService({
          config,
          schema: 'gateway',
          entities: [],
          migrations,
        }),
        JwtModule.register(staffTokenOptions(config)),
      ],
      controllers: [
        AuthController,
        TenantsController,
        PartnersController,
        UsersController,
        EnterprisesController,
        OverviewController,
        ValuationsController,
        GuaranteesController,
        LoansController,
        InvestmentController,
        TradingController,
        StatsController,
        DeadLettersController,
        AuditController,
      ],
      providers: [
        Forward,
        OverviewService,
        DeadLetters,
        CenterPolicy,
        ApiKeyAuthenticator,
        SessionChecker,
        FailureLimiter,
        TenantDirectory,
        IdempotencyStore,
        IdempotentAnswers,
        AuditTrail,
        AuditReader,
        // Guards run in this order: who is calling, then how often; then, on a POST, the route's
        // IdempotencyGuard (IdempotentPost).
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
    };
    // The routes it mounts, for 405s: read from this very module, so it cannot disagree.
    const routes = new RouteTable(routesOfModule(module));
    module.providers?.push({ provide: RouteTable, useValue: routes });
    return module;
  }
}
