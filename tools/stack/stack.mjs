// Embedded Postgres and Redis for local runs and tests (see README.md).
export { startPostgres } from './postgres.mjs';
export { startRedis } from './redis.mjs';
export { findFreePort, isPortFree, maskUrl, waitForTcp } from './net.mjs';
export { spawnTied, stopProcess, forEachLine } from './processes.mjs';
