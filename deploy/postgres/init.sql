-- Roles and database of the tech-finance platform. It is the SQL equivalent of
-- libs/platform/src/database/bootstrap.ts, for environments where no process has superuser
-- rights. Run it once, as a superuser, with psql. It is idempotent: run it again to rotate the
-- login passwords.
--
--   docker-compose.yml mounts it into postgres's /docker-entrypoint-initdb.d. Postgres runs it
--   on the first start (empty data volume), with TF_OWNER_PASSWORD and TF_APP_PASSWORD taken
--   from the postgres container's environment.
--
--   Kubernetes or a managed PostgreSQL: an operator runs it once, for example
--     TF_OWNER_PASSWORD=... TF_APP_PASSWORD=... \
--       psql -v ON_ERROR_STOP=1 "postgres://postgres@db-host:5432/postgres" -f deploy/postgres/init.sql
--   or passes the passwords as psql variables (-v owner_password=... -v app_password=...).
--
-- The passwords must match the ones in DATABASE_MIGRATION_URL (tf_owner) and DATABASE_URL
-- (tf_app). Without them the script stops before it changes anything.
--
-- It uses psql meta-commands (\getenv, \if, \gexec), so it needs psql 15 or newer. Other SQL
-- clients cannot run it.

\set ON_ERROR_STOP on

\if :{?owner_password}
\else
  \getenv owner_password TF_OWNER_PASSWORD
\endif
\if :{?owner_password}
\else
  DO $$ BEGIN RAISE EXCEPTION 'set TF_OWNER_PASSWORD (or psql -v owner_password=...)'; END $$;
\endif
\if :{?app_password}
\else
  \getenv app_password TF_APP_PASSWORD
\endif
\if :{?app_password}
\else
  DO $$ BEGIN RAISE EXCEPTION 'set TF_APP_PASSWORD (or psql -v app_password=...)'; END $$;
\endif

-- Group roles. tf_runtime receives the DML grants of the service schemas and never bypasses
-- row-level security. tf_auth owns the SECURITY DEFINER functions that authentication needs
-- before a tenant is known.
SELECT 'CREATE ROLE tf_runtime' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tf_runtime')
\gexec
ALTER ROLE tf_runtime NOLOGIN NOBYPASSRLS;

SELECT 'CREATE ROLE tf_auth' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tf_auth')
\gexec
ALTER ROLE tf_auth NOLOGIN BYPASSRLS;

-- Login roles. tf_owner owns the database and the schemas and runs the migrations
-- (DATABASE_MIGRATION_URL). tf_app is what the services run as (DATABASE_URL).
SELECT 'CREATE ROLE tf_owner' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tf_owner')
\gexec
ALTER ROLE tf_owner LOGIN NOBYPASSRLS PASSWORD :'owner_password';

SELECT 'CREATE ROLE tf_app' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tf_app')
\gexec
ALTER ROLE tf_app LOGIN NOBYPASSRLS NOSUPERUSER PASSWORD :'app_password';

GRANT tf_runtime TO tf_app;
-- The owner hands the authentication functions to tf_auth (ALTER FUNCTION ... OWNER TO needs
-- membership).
GRANT tf_auth TO tf_owner;

SELECT 'CREATE DATABASE techfinance OWNER tf_owner'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'techfinance')
\gexec

REVOKE ALL ON DATABASE techfinance FROM PUBLIC;
GRANT CONNECT ON DATABASE techfinance TO tf_runtime;
