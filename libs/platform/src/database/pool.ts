/**
 * Each service's pool of PostgreSQL connections (node-postgres options), and the baseline's in
 * the bench.
 *
 * `min` equal to `max`: a connection once opened stays open. node-postgres closes the ones idle
 * for 10 s by default, down to `min`, so a service quiet for that long met its next burst with
 * one connection, and each request over that waited for a new backend: a fork, SCRAM, and catalog
 * caches filled from cold for every table and row-level policy it touched. After 10 s of quiet
 * the first loan read took 22-42 ms instead of 5 (docs/performance.md, "Lulls that cost the
 * optimised code").
 *
 * `pipeline`: a statement goes out as soon as it is made, not once the one before it has been
 * answered. Work that awaits each statement runs exactly as before; what `Sql.send` sends
 * (BEGIN, an outbox row, a command's stored reply) travels with the next statement instead of
 * costing a round trip of its own (docs/performance.md, "Statements that need no answer").
 */
export const databasePoolOptions = { max: 10, min: 10, pipeline: true } as const;
