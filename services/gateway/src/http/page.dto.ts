import { TextField, IntField } from './fields';

/** ?limit= (default 50, max 200) and ?cursor= from the previous page's nextCursor. */
export class PageQuery {
  @IntField({
    minimum: 1,
    maximum: 200,
    example: 50,
    description: 'Items per page; 50 when not given',
    optional: true,
    fromQuery: true,
  })
  limit?: number;

  @TextField({ maxLength: 200, description: 'nextCursor of the previous page', optional: true })
  cursor?: string;

  /** The page asked for, as the services read it (absent: the first page of 50). */
  toPageRequest(): { limit?: number; cursor?: string } {
    return Object.assign(
      {},
      this.limit !== undefined ? { limit: this.limit } : {},
      this.cursor !== undefined ? { cursor: this.cursor } : {},
    );
  }
}
