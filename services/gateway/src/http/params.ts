import { Param } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { TENANT_CODE } from '@tf/contracts';

/**
 * A path parameter that documents itself: `@Param(name)` for the handler and `@ApiParam` with
 * its limits for OpenAPI, from one decorator on the argument.
 */
function PathParam(
  name: string,
  description: string,
  schema: { type: 'string'; maxLength: number; format?: string; pattern?: string },
): ParameterDecorator {
  return (target, method, index) => {
    const handler =
      method === undefined ? undefined : Object.getOwnPropertyDescriptor(target, method);
    if (method === undefined || handler === undefined)
      throw new Error(`@${name} belongs on an argument of a route handler`);
    Param(name)(target, method, index);
    ApiParam({ name, description, schema })(target, method, handler);
  };
}

/**
 * The id of the route (a UUID). A malformed id is not refused with a 400: it is looked up like
 * any other and answers 404, so a guess learns nothing a real id would not.
 */
export function IdParam(name = 'id'): ParameterDecorator {
  return PathParam(name, 'The id (UUID)', { type: 'string', format: 'uuid', maxLength: 36 });
}

/** A center's code ("jinan"). */
export function TenantCodeParam(name = 'code'): ParameterDecorator {
  return PathParam(name, "The center's code", {
    type: 'string',
    pattern: TENANT_CODE.source,
    maxLength: 31,
  });
}
