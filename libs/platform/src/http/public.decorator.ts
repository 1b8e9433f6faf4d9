import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'tf:public';

/** Marks a route that needs no credentials. Every other gateway route must carry an auth guard. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
