import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ProblemResponse } from './problem.dto';
import { UNPREFIXED_PATHS } from './routes';

/**
 * Swagger UI at /docs, the document at /docs-json. Both credentials (and the platform admin's
 * X-Tenant-Id) are security schemes, so an ops person sets them once under "Authorize".
 */
export function setUpSwagger(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Tech-finance network API')
    .setDescription(
      'Partner and staff API of the tech-finance centers (评 保 贷 投 易). Partners send X-API-Key; staff get a token from ' +
        'POST /api/v1/auth/token and send it as a Bearer token; a platform admin also names the center with X-Tenant-Id. ' +
        'Errors are RFC 9457 application/problem+json.',
    )
    .setVersion('1.0')
    .addApiKey(
      { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'A partner API key' },
      'api-key',
    )
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: 'Staff token from POST /api/v1/auth/token',
      },
      'bearer',
    )
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: 'X-Tenant-Id',
        description: 'Platform admin only: the center to act in (jinan, liaocheng, beijing)',
      },
      'tenant',
    )
    .addSecurityRequirements('api-key')
    .addSecurityRequirements('bearer')
    .addSecurityRequirements({ bearer: [], tenant: [] })
    .addTag('auth', 'Staff login')
    .addTag('tenancy', 'Centers, policy, partners, API keys and staff')
    .addTag('enterprises', 'Technology SMEs')
    .addTag('valuation', '评: patent and IP valuation')
    .addTag('investment', "投: the center's venture fund, its deal pipeline, portfolio and returns")
    .addTag(
      'trading',
      '易: the technology-achievement exchange: listings, bids and offers, deals and their registration',
    )
    .addTag(
      'credit',
      '贷: partner banks originate and service tech loans, IP-pledge loans above all',
    )
    .addTag(
      'guarantee',
      "保: the center's guarantee institution guarantees SMEs' bank loans within its legal limits, sharing the risk 4-3-2-1",
    )
    .build();
  // Built on the first request for /docs, not at start: the document and the UI's script that
  // embeds it are a few MiB a gateway at rest need not hold until an ops person opens the console.
  const document = () => {
    const built = SwaggerModule.createDocument(app, config, { extraModels: [ProblemResponse] });
    // The liveness probe is the platform's, for orchestrators, not part of the partner API.
    for (const path of UNPREFIXED_PATHS) delete built.paths[`/${path}`];
    return built;
  };
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    swaggerOptions: { persistAuthorization: true },
  });
}
