import { domainService } from '@tf/platform';
import { LoanApplicationEntity } from './applications/loan-application.entity';
import { ApplicationsHandlers } from './applications/applications.handlers';
import { ApplicationsService } from './applications/applications.service';
import { ClassificationRunEntity } from './classification/classification-run.entity';
import { ClassificationHandlers } from './classification/classification.handlers';
import { ClassificationService } from './classification/classification.service';
import { CreditConfig } from './config';
import {
  EnterpriseInvestmentEntity,
  InstallmentEntity,
  LoanCollateralEntity,
  LoanEntity,
} from './loans/loan.entity';
import { InvestmentEventsService } from './linked/investment-events.service';
import { LoansHandlers } from './loans/loans.handlers';
import { LoansService } from './loans/loans.service';
import { migrations } from './migrations';
import { CREDIT_POLICY } from './products/credit-policy';
import { ProductsHandlers } from './products/products.handlers';
import { ProductsService } from './products/products.service';
import { RecoveryEventsService } from './recoveries/recovery-events.service';
import { RecoveryEntity, RepaymentEntity } from './repayments/repayment.entity';
import { RepaymentsHandlers } from './repayments/repayments.handlers';
import { RepaymentsService } from './repayments/repayments.service';

/** 贷: partner banks originate and service tech loans, IP-pledge loans above all. */
export const service = domainService({
  config: CreditConfig,
  entities: [
    LoanApplicationEntity,
    LoanEntity,
    LoanCollateralEntity,
    InstallmentEntity,
    RepaymentEntity,
    RecoveryEntity,
    ClassificationRunEntity,
    EnterpriseInvestmentEntity,
  ],
  migrations,
  policy: CREDIT_POLICY,
  handlers: [
    ProductsHandlers,
    ApplicationsHandlers,
    LoansHandlers,
    RepaymentsHandlers,
    ClassificationHandlers,
  ],
  providers: [
    ProductsService,
    ApplicationsService,
    LoansService,
    RepaymentsService,
    ClassificationService,
    RecoveryEventsService,
    InvestmentEventsService,
  ],
});
