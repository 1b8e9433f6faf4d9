/**
 * Runs deploy/postgres/init.sql with psql on the machine's PostgreSQL, as docker-compose's first
 * start and an operator do, and reads back what it made. Roles are cluster-wide and this
 * cluster's tests already have tf_app_<service>: the script runs inside a transaction that is
 * rolled back (its one statement that cannot, CREATE DATABASE, is skipped because the scratch
 * database it is pointed at with -v database=... exists), so the passwords and roles are left as
 * they were.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DB_ROLES } from '@tf/platform';
import { adminUrl } from '@tf/testing';
import { loadNatsProfiles } from './src/nats-permissions';
import {
  dbPasswordVariable,
  DeployedService,
  loadServices,
  OWNER_LOGIN,
  readRepoFile,
  renderDeployment,
  ROOT,
  runtimeGroupOf,
  runtimeLoginOf,
} from './src/render-deployment';

const SERVICES = loadServices();
const INIT_SQL = join(ROOT, 'deploy', 'postgres', 'init.sql');
const database = `tf_deploycheck_${randomBytes(4).toString('hex')}`;

/** psql on the admin URL, the script on stdin; no password variable from this environment. */
function psql(script: string, variables: Record<string, string>) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/_PASSWORD$/.test(name)),
  );
  const args = Object.entries(variables).flatMap(([name, value]) => ['-v', `${name}=${value}`]);
  // Without the notices of a re-run ("role ... is already a member of role ..."): errors only.
  return spawnSync('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', ...args, adminUrl()], {
    input: script,
    encoding: 'utf8',
    env: { ...env, PGOPTIONS: '-c client_min_messages=warning' },
  });
}

const passwords = (services = SERVICES): Record<string, string> =>
  Object.fromEntries([
    ['owner_password', `pw-${randomBytes(6).toString('hex')}`],
    ...services.map((s) => [
      dbPasswordVariable(s.name).toLowerCase(),
      `pw-${randomBytes(6).toString('hex')}`,
    ]),
  ]);

/** Every role the script names, and the database's CONNECT, as one JSON line. */
const READ_BACK = `
SELECT 'RESULT ' || json_build_object(
  'roles', (SELECT json_object_agg(r.rolname, json_build_object(
      'login', r.rolcanlogin, 'superuser', r.rolsuper, 'bypassrls', r.rolbypassrls,
      'memberOf', ARRAY(SELECT g.rolname::text FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                         WHERE m.member = r.oid ORDER BY 1)))
    FROM pg_roles r WHERE r.rolname = ANY (string_to_array(:'roles', ','))),
  'connect', (SELECT json_object_agg(n, has_database_privilege(n, :'database', 'CONNECT'))
    FROM unnest(ARRAY['public', :'runtime']) n),
  'owner', (SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = :'database'));
`;

beforeAll(() => {
  const created = psql(`CREATE DATABASE ${database} OWNER ${OWNER_LOGIN};`, {});
  if (created.status !== 0) throw new Error(created.stderr);
});

afterAll(() => {
  psql(`DROP DATABASE IF EXISTS ${database};`, {});
});

type Role = { login: boolean; superuser: boolean; bypassrls: boolean; memberOf: string[] };

/** Runs the script in a transaction it does not survive and reads back what it made. */
function runAndReadBack(scriptPath: string, services: DeployedService[]) {
  const groups = services.map(runtimeGroupOf);
  const logins = services.map(runtimeLoginOf);
  const script = `BEGIN;\n\\i ${scriptPath}\n${READ_BACK}\nROLLBACK;\n`;
  const variables = {
    ...passwords(services),
    database,
    runtime: DB_ROLES.runtime,
    roles: [...groups, ...logins, OWNER_LOGIN, DB_ROLES.runtime, DB_ROLES.auth].join(','),
  };
  let result = psql(script, variables);
  // Roles are the cluster's, not this database's: the e2e suites running beside this one alter
  // the same roles at start, and PostgreSQL refuses the second of two concurrent updates of one
  // catalog row ("tuple concurrently updated") rather than queue it. That race is the tests',
  // not the script's; run again, a few times at most. Any other error fails at once.
  for (let attempt = 1; attempt < 5 && /tuple concurrently updated/.test(result.stderr); attempt++)
    result = psql(script, variables);
  expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
  const line = result.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  const found = JSON.parse(line!.slice('RESULT '.length)) as {
    roles: Record<string, Role>;
    connect: Record<string, boolean>;
    owner: string;
  };
  const expected = Object.fromEntries(
    services.flatMap((s): [string, Role][] => [
      [runtimeGroupOf(s), { login: false, superuser: false, bypassrls: false, memberOf: [] }],
      [
        runtimeLoginOf(s),
        {
          login: true,
          superuser: false,
          bypassrls: false,
          memberOf: [DB_ROLES.runtime, runtimeGroupOf(s)].sort(),
        },
      ],
    ]),
  );
  expect({
    services: Object.fromEntries(Object.entries(found.roles).filter(([name]) => name in expected)),
    runtime: found.roles[DB_ROLES.runtime],
    auth: found.roles[DB_ROLES.auth]?.bypassrls,
    owner: found.roles[OWNER_LOGIN]?.memberOf,
    connect: found.connect,
    databaseOwner: found.owner,
  }).toEqual({
    services: expected,
    runtime: { login: false, superuser: false, bypassrls: false, memberOf: [] },
    auth: true,
    owner: [DB_ROLES.auth],
    connect: { public: false, [DB_ROLES.runtime]: true },
    databaseOwner: OWNER_LOGIN,
  });
}

it("gives every service its group and login, in tf_runtime and its own group only (a re-run: this cluster's tests made them)", () => {
  runAndReadBack(INIT_SQL, SERVICES);
});

it('creates the group and login of a service new to the cluster', () => {
  const valuation = SERVICES.find((s) => s.name === 'valuation')!;
  const name = `deploycheck${randomBytes(4).toString('hex')}`;
  const added: DeployedService = { ...valuation, name, serviceName: name };
  const profiles = loadNatsProfiles(
    ROOT,
    SERVICES.map((s) => s.name),
  );
  const valuationProfile = profiles.find((p) => p.user === 'valuation')!;
  const files = renderDeployment([...SERVICES, added], readRepoFile, [
    ...profiles,
    { ...valuationProfile, user: name },
  ]);
  const script = join(mkdtempSync(join(tmpdir(), 'tf-init-sql-')), 'init.sql');
  writeFileSync(script, files.find((f) => f.path === 'deploy/postgres/init.sql')!.content);
  runAndReadBack(script, [...SERVICES, added]);
  // Rolled back: the new service's roles are not left in the cluster.
  const left = psql(`SELECT count(*) FROM pg_roles WHERE rolname LIKE '%${name}';`, {});
  expect(left.stdout.trim()).toBe('0');
});

it('refuses to run while a service has no password', () => {
  const { valuation_db_password: _, ...withoutValuation } = passwords();
  const result = psql(`BEGIN;\n\\i ${INIT_SQL}\nROLLBACK;\n`, { ...withoutValuation, database });
  expect({ status: result.status, error: /set VALUATION_DB_PASSWORD/.test(result.stderr) }).toEqual(
    { status: 3, error: true },
  );
});
