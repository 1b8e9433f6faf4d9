import * as contracts from '@tf/contracts';

/**
 * The services the gateway talks to, as its contracts name them (tf.<service>.<resource>.<verb>):
 * a new service's contracts in @tf/contracts bring it in, with nothing to list by hand. Each
 * answers its dead-letter operations through the platform.
 */
export const KNOWN_SERVICES: readonly string[] = servicesNamedBy(Object.values(contracts));

export function servicesNamedBy(exported: readonly unknown[]): string[] {
  const names = new Set<string>();
  for (const table of exported) {
    if (!table || typeof table !== 'object') continue;
    for (const contract of Object.values(table as Record<string, unknown>)) {
      const subject = (contract as { subject?: unknown } | null)?.subject;
      if (typeof subject === 'string' && subject.startsWith('tf.'))
        names.add(subject.split('.')[1] ?? '');
    }
  }
  names.delete('');
  return [...names].sort();
}
