import 'reflect-metadata';
import { applyDecorators } from '@nestjs/common';
import { IsString, MinLength } from 'class-validator';

/**
 * Describes one environment variable of a service's configuration. The description feeds the
 * README's configuration table and the deployment test that checks docker-compose.yml and k8s/
 * give every service what it needs.
 */
export interface EnvVarSpec {
  name: string;
  description: string;
  /** A value the process can start with on a developer machine. */
  devDefault?: string;
  /** When true, NODE_ENV=production refuses to start without the variable (no dev default). */
  requiredInProduction: boolean;
  /**
   * A credential: docker-compose.yml gives it a "change-me-..." placeholder default and k8s/ must
   * take it from the Secret tf-secrets (tools/deploy checks both).
   */
  secret?: boolean;
}

const ENV_SPECS = Symbol('tf:env-specs');

export function Env(
  spec: Omit<EnvVarSpec, 'name' | 'requiredInProduction'> & { requiredInProduction?: boolean },
): PropertyDecorator {
  return (target, property) => {
    const specs: EnvVarSpec[] = [...(Reflect.getMetadata(ENV_SPECS, target) ?? [])];
    specs.push({ requiredInProduction: false, ...spec, name: String(property) });
    Reflect.defineMetadata(ENV_SPECS, specs, target);
  };
}

/** Every variable a configuration class reads, base classes first. */
export function describeEnvironment(configClass: abstract new () => object): EnvVarSpec[] {
  return (Reflect.getMetadata(ENV_SPECS, configClass.prototype) as EnvVarSpec[] | undefined) ?? [];
}

/**
 * A credential the service cannot run without in production: required there, a development
 * default elsewhere, kept out of logs and deployment files (`secret`), and at least `minLength`
 * characters so a placeholder such as "x" is refused at boot.
 */
export function SecretEnv(spec: {
  description: string;
  devDefault: string;
  minLength: number;
}): PropertyDecorator {
  const { minLength, ...rest } = spec;
  return applyDecorators(
    Env(Object.assign({}, rest, { requiredInProduction: true, secret: true })),
    IsString(),
    MinLength(minLength, {
      message: ({ property }) => `${property} must be at least ${minLength} characters`,
    }),
  );
}
