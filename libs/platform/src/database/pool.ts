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
 */
export const databasePoolOptions = { max: 10, min: 10 } as const;
