import { freePort } from '@landing/server/util-testing';

export {
  AppProcess,
  type AppName,
  type Exit,
} from '@landing/server/util-testing';

/**
 * An api's environment for a test: a free port on loopback and limits high enough for many
 * requests from one address (the rate-limit tests set their own), over what the test gives.
 */
export async function apiEnv(
  env: Record<string, string>,
): Promise<Record<string, string>> {
  return {
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
    RATE_LIMIT_IP_PER_MINUTE: '1000000',
    RATE_LIMIT_PHONE_PER_HOUR: '1000000',
    // A limiter check that outlasts its deadline lets the request through; on a loaded
    // test machine 500 ms can pass without Redis being at fault, so give it longer.
    RATE_LIMIT_TIMEOUT_MS: '5000',
    // Likewise for taking a submission (500 ms by default): 503s here would be the machine's.
    ENQUEUE_TIMEOUT_MS: '5000',
    ...env,
  };
}

export async function workerEnv(
  env: Record<string, string>,
): Promise<Record<string, string>> {
  return { WORKER_PORT: String(await freePort()), ...env };
}
