import { IsIn, IsInt, IsString, Matches, Max, Min, ValidateIf } from 'class-validator';
import { TENANT_CODE } from '@tf/contracts/vocabulary';
import { Env } from './env.decorators';

const POSTGRES_URL = /^postgres(ql)?:\/\/[^\s]+$/;
const CODE = TENANT_CODE.source.slice(1, -1);
const TENANT_CODE_LIST = new RegExp(`^${CODE}(,${CODE})*$`);
const NATS_URL = /^(nats|tls|ws|wss):\/\/[^\s]+(,(nats|tls|ws|wss):\/\/[^\s]+)*$/;
/** A NATS user name; it is also a token of the service's inbox prefix (_INBOX.<user>). */
const NATS_USER = /^[a-z][a-z0-9_-]*$/;
/**
 * nats-server reads each password from its environment as a config value, not as text: one that
 * starts with a digit or '-', or holds a space or '#', fails the server or is cut short, and the
 * service is then refused. A letter first, then letters, digits, '-' and '_', reads back as itself.
 */
const NATS_PASSWORD = /^[A-Za-z][A-Za-z0-9_-]{11,}$/;
/** Credentials are both set or both empty: one without the other is a mistake, not "no auth". */
const withNatsCredentials = (config: PlatformConfig) =>
  config.NATS_USER !== '' || config.NATS_PASSWORD !== '';

/** What every service reads from its environment. Services extend it with their own fields. */
export class PlatformConfig {
  @Env({ description: 'development or production; production refuses development defaults' })
  @IsIn(['development', 'production', 'test'])
  NODE_ENV = 'development';

  @Env({ description: 'pino log level' })
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @Env({
    description: 'PostgreSQL URL of the runtime role (no BYPASSRLS); row-level security applies',
    devDefault: 'postgres://tf_app:tf_app@127.0.0.1:5432/techfinance',
    requiredInProduction: true,
  })
  @Matches(POSTGRES_URL, { message: 'must be a postgres:// URL' })
  DATABASE_URL = 'postgres://tf_app:tf_app@127.0.0.1:5432/techfinance';

  @Env({
    description: "PostgreSQL URL of the owner role that runs this service's migrations at start",
    devDefault: 'postgres://tf_owner:tf_owner@127.0.0.1:5432/techfinance',
    requiredInProduction: true,
  })
  @Matches(POSTGRES_URL, { message: 'must be a postgres:// URL' })
  DATABASE_MIGRATION_URL = 'postgres://tf_owner:tf_owner@127.0.0.1:5432/techfinance';

  @Env({
    description: 'NATS server URL(s), comma-separated',
    devDefault: 'nats://127.0.0.1:4222',
    requiredInProduction: true,
  })
  @Matches(NATS_URL, { message: 'must be one or more nats:// URLs, comma-separated' })
  NATS_URL = 'nats://127.0.0.1:4222';

  @Env({
    description:
      "this service's NATS user, whose subject permissions the deployment's NATS config grants (tools/deploy); empty: connect without authentication (a developer machine, the tests)",
  })
  @ValidateIf(withNatsCredentials)
  @Matches(NATS_USER, {
    message: 'must be a NATS user name (a-z, 0-9, - and _) and set together with NATS_PASSWORD',
  })
  NATS_USER = '';

  @Env({
    description:
      'password of NATS_USER: 12+ characters, a letter first, then letters, digits, - and _',
    secret: true,
  })
  @ValidateIf(withNatsCredentials)
  @IsString()
  @Matches(NATS_PASSWORD, {
    message:
      'NATS_PASSWORD must be 12+ characters, a letter first, then letters, digits, - and _ (nats-server reads it as a config value)',
  })
  NATS_PASSWORD = '';

  @Env({ description: 'how long a NATS request waits for a reply before it fails as 503 (ms)' })
  @IsInt()
  @Min(100)
  @Max(60000)
  NATS_REQUEST_TIMEOUT_MS = 5000;

  @Env({
    description:
      'replicas of the TF_EVENTS stream when a service creates it: 3 on a 3-node NATS cluster, so the events survive a node loss; an existing stream keeps its own',
  })
  @IsInt()
  @Min(1)
  @Max(5)
  EVENTS_STREAM_REPLICAS = 1;

  @Env({
    description:
      'dedicated mode: comma-separated tenant codes this deployment serves; empty serves all',
  })
  @ValidateIf((config: PlatformConfig) => config.TENANT_CODES !== '')
  @Matches(TENANT_CODE_LIST, {
    message: 'must be comma-separated tenant codes, e.g. jinan,liaocheng',
  })
  TENANT_CODES = '';

  @Env({ description: 'HTTP port: the API on the gateway; /health/live on every service' })
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @Env({
    description:
      'management HTTP port: /health/live, /health/ready and /metrics (keep it off the public network)',
  })
  @IsInt()
  @Min(0)
  @Max(65535)
  MANAGEMENT_PORT = 9100;

  @Env({ description: 'name used in logs, metrics and NATS queue groups' })
  @IsString()
  SERVICE_NAME = 'service';

  @Env({
    description:
      'failed deliveries of an event before it is parked as a dead letter (GET /ops/dead-letters)',
  })
  @IsInt()
  @Min(1)
  @Max(100)
  EVENT_MAX_ATTEMPTS = 5;

  @Env({
    description:
      'wait before redelivering an event whose handler failed (ms); doubled at each failure, at most 30 s',
  })
  @IsInt()
  @Min(10)
  @Max(30000)
  EVENT_RETRY_BACKOFF_MS = 500;

  @Env({
    description:
      "how long JetStream waits for an event's acknowledgement before delivering it again (ms): the redelivery delay after a consumer died mid-event",
  })
  @IsInt()
  @Min(1000)
  @Max(600000)
  EVENT_ACK_WAIT_MS = 30000;

  @Env({
    description:
      "how often an idle outbox relay looks for events it was not told of (ms): another replica's, left when it crashed; a service's own commits wake its relay at once",
  })
  @IsInt()
  @Min(100)
  @Max(600000)
  OUTBOX_IDLE_POLL_MS = 5000;

  /** Tenant codes this deployment serves, or null for all (shared mode). */
  get servedTenants(): string[] | null {
    return this.TENANT_CODES ? this.TENANT_CODES.split(',') : null;
  }

  get natsServers(): string[] {
    return this.NATS_URL.split(',');
  }

  /** The NATS user and password, when this service authenticates. */
  get natsCredentials(): { user: string; pass: string } | undefined {
    return this.NATS_USER ? { user: this.NATS_USER, pass: this.NATS_PASSWORD } : undefined;
  }

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }
}
