import { Env, PlatformConfig, SecretEnv } from '@tf/platform';
import { isIP } from 'node:net';
import { IsInt, Max, Min, ValidateBy } from 'class-validator';

export class GatewayConfig extends PlatformConfig {
  override SERVICE_NAME = 'gateway';
  override PORT = 3000;

  @SecretEnv({
    description: 'secret that signs staff JWTs (HS256)',
    devDefault: 'dev-only-jwt-secret-change-me',
    minLength: 16,
  })
  JWT_SECRET = 'dev-only-jwt-secret-change-me';

  @Env({ description: 'lifetime of a staff access token (seconds)' })
  @IsInt()
  @Min(60)
  @Max(86400)
  JWT_TTL_SECONDS = 3600;

  @Env({
    description:
      'how long a verified API key or staff session is cached (ms); bounds how late a revocation, logout or disabled user takes effect',
  })
  @IsInt()
  @Min(0)
  @Max(5000)
  API_KEY_CACHE_TTL_MS = 3000;

  @Env({
    description:
      'how long an Idempotency-Key stays "in flight" before a retry may take it over (ms): a request cut off by a crash or a database outage never settled its key',
  })
  @IsInt()
  @Min(1000)
  @Max(3600000)
  IDEMPOTENCY_IN_FLIGHT_LEASE_MS = 30000;

  @Env({ description: 'requests a client (API key or user) may make per minute before 429' })
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_MINUTE = 600;

  @Env({
    description:
      'failed authentications (bad key, token or password) a client address may make per minute before 429 for a minute',
  })
  @IsInt()
  @Min(1)
  AUTH_FAILURES_PER_MINUTE = 30;

  @Env({
    description:
      'addresses or CIDR ranges of the reverse proxies whose X-Forwarded-For is believed, comma-separated; empty believes none',
  })
  @ValidateBy({
    name: 'trustedProxies',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && trustedProxyList(value) !== null,
      defaultMessage: () =>
        'must be comma-separated IP addresses or CIDR ranges, e.g. 10.0.0.0/8,127.0.0.1',
    },
  })
  TRUSTED_PROXIES = '';

  @Env({
    description:
      'browser origins allowed to call the API (CORS), comma-separated, e.g. https://console.jinan-tfc.cn; empty allows none',
  })
  @ValidateBy({
    name: 'corsOrigins',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && originList(value) !== null,
      defaultMessage: () =>
        'must be comma-separated origins (scheme://host[:port]), e.g. https://console.example.cn',
    },
  })
  CORS_ORIGINS = '';

  /** The origins a browser may call the API from: none unless configured (CORS closed). */
  get corsOrigins(): string[] {
    return originList(this.CORS_ORIGINS) ?? [];
  }

  /** The proxies Fastify may believe for the client address (its `trustProxy` setting). */
  get trustedProxies(): string[] {
    return trustedProxyList(this.TRUSTED_PROXIES) ?? [];
  }
}

/** "10.0.0.0/8, 127.0.0.1" → its entries, or null when one is not an address or range. */
function trustedProxyList(value: string): string[] | null {
  if (!value.trim()) return [];
  const entries = value.split(',').map((entry) => entry.trim());
  const valid = entries.every((entry) => {
    const [address = '', bits, ...rest] = entry.split('/');
    const family = isIP(address);
    if (!family || rest.length > 0) return false;
    if (bits === undefined) return true;
    const n = Number(bits);
    return /^\d+$/.test(bits) && n <= (family === 4 ? 32 : 128);
  });
  return valid ? entries : null;
}

/** "https://a.cn, http://localhost:8080" → its origins, or null when one is not an origin. */
function originList(value: string): string[] | null {
  if (!value.trim()) return [];
  const entries = value.split(',').map((entry) => entry.trim());
  const valid = entries.every((entry) => {
    try {
      const url = new URL(entry);
      return ['http:', 'https:'].includes(url.protocol) && url.origin === entry;
    } catch {
      return false;
    }
  });
  return valid ? entries : null;
}
