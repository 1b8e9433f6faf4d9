import type {
  DescMessage,
  JsonObject,
  JsonValue,
  MessageInitShape,
  MessageShape,
} from '@bufbuild/protobuf';
import { Injectable } from '@nestjs/common';
import type { RpcContract } from '@tf/contracts';
import { ServiceClient, type RequestContext } from '@tf/platform';
import type { HttpRequest } from './http-types';
import { requestContext } from '../auth/principal';

/** A list as the API answers it (API.md "Lists"). */
export interface PageJson {
  items: JsonValue[];
  /** Null on the last page. */
  nextCursor: string | null;
}

/**
 * A route's one call to a service: the request's center and caller go in the NATS headers, the
 * message is encoded by the contract, and the reply comes back as the API's JSON (protobuf-es's
 * JSON form, absent optional fields as null). A route is then its DTO and one line.
 */
@Injectable()
export class Forward {
  constructor(private readonly services: ServiceClient) {}

  /** `as` overrides what the request itself says (another center for a platform admin's route). */
  call<Req extends DescMessage, Res extends DescMessage>(
    contract: RpcContract<Req, Res>,
    message: MessageInitShape<Req>,
    request: HttpRequest,
    as: Partial<RequestContext> = {},
  ): Promise<MessageShape<Res>> {
    return this.services.request(contract, message, contextOf(request, as));
  }

  json<Req extends DescMessage, Res extends DescMessage>(
    contract: RpcContract<Req, Res>,
    message: MessageInitShape<Req>,
    request: HttpRequest,
    as: Partial<RequestContext> = {},
  ): Promise<JsonObject> {
    return this.services.requestJson(contract, message, contextOf(request, as));
  }

  /** A reply of `{ items, page }` as `{ items, nextCursor }`. */
  async page<Req extends DescMessage, Res extends DescMessage>(
    contract: RpcContract<Req, Res>,
    message: MessageInitShape<Req>,
    request: HttpRequest,
  ): Promise<PageJson> {
    const json = await this.json(contract, message, request);
    const page = json['page'] as JsonObject | null;
    return {
      items: (json['items'] as JsonValue[] | undefined) ?? [],
      nextCursor: (page?.['nextCursor'] as string | null | undefined) ?? null,
    };
  }
}

/** The request's center and caller, with what a route overrides. */
function contextOf(request: HttpRequest, as: Partial<RequestContext>): RequestContext {
  return Object.assign({}, requestContext(request), as);
}
