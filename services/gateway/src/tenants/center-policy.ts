import type { JsonObject } from '@bufbuild/protobuf';
import { Injectable } from '@nestjs/common';
import { POLICY_SECTIONS } from '@tf/contracts';
import type { HttpRequest } from '../http/http-types';
import { Forward } from '../http/forward';

/**
 * A center's policy as one document, kept in sections by the services that apply them: read
 * from every owner in parallel; changed by sending each section to its owner, every section
 * checked (dry run) before any is stored, so a change either passes every owner's rules or
 * changes nothing (a crash between two owners' writes can leave one section changed; resend).
 */
@Injectable()
export class CenterPolicy {
  constructor(private readonly forward: Forward) {}

  async read(center: string, request: HttpRequest): Promise<Record<string, JsonObject>> {
    const sections = await Promise.all(
      POLICY_SECTIONS.map(async (section) => {
        const policy = await this.forward.json(section.get, {}, request, this.as(center));
        return [section.name, policy] as const;
      }),
    );
    return Object.fromEntries(sections);
  }

  /** Every section's owner checks the change; nothing is stored. */
  check(center: string, patch: object, request: HttpRequest): Promise<void> {
    return this.send(center, patch, request, [true]);
  }

  /** Checked everywhere first, then stored everywhere. */
  change(center: string, patch: object, request: HttpRequest): Promise<void> {
    return this.send(center, patch, request, [true, false]);
  }

  private async send(
    center: string,
    patch: object,
    request: HttpRequest,
    dryRuns: boolean[],
  ): Promise<void> {
    const changes = POLICY_SECTIONS.flatMap((section) => {
      const values = (patch as Record<string, Record<string, unknown> | undefined>)[section.name];
      if (!values) return [];
      const fields = Object.keys(values).filter((field) => values[field] !== undefined);
      return [{ section, values, fields }];
    });
    for (const dryRun of dryRuns) {
      await Promise.all(
        changes.map(({ section, values, fields }) =>
          this.forward.call(section.update, { values, fields, dryRun }, request, this.as(center)),
        ),
      );
    }
  }

  /**
   * The route names the center; a dry run and its write are two calls of one command, so no
   * Idempotency-Key goes with them (the gateway keeps the request's).
   */
  private as(center: string) {
    return { tenant: center, idempotencyKey: undefined };
  }
}
