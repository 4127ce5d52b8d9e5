import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line written on behalf of one request or job carries. */
export interface RequestContext {
  requestId: string;
  /** Set while the worker handles a job. */
  jobId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `task` so that every log line it writes, however deep and however async, names the request. */
export function runWithRequestContext<T>(context: RequestContext, task: () => T): T {
  return storage.run(context, task);
}

export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}
