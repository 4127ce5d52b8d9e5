/** A TCP forwarder on 127.0.0.1 in front of a real server; see tcp-proxy.cjs. */
export interface TcpProxy {
  /** `target` with host and port pointing at the proxy. */
  readonly url: string;
  /** The proxy's port on 127.0.0.1; a reopened proxy listens on the same one. */
  readonly port: number;
  /** Connections that clients opened through the proxy so far. */
  readonly connections: number;
  /** Whether it listens (forwards) now. */
  isOpen(): boolean;
  /**
   * Stops listening and cuts every open connection: to its clients the target is gone
   * (new connections refused, open ones reset).
   */
  close(): Promise<void>;
  /** Listens again on the same port: the target is back. */
  open(): Promise<void>;
  /**
   * Holds every chunk `ms` milliseconds in each direction, on open connections too (a slow
   * network: a request and its answer take `2 × ms` longer); 0 forwards at once again.
   */
  setDelay(ms: number): void;
}

/**
 * Starts a TCP forwarder on a free port of 127.0.0.1 in front of a real server (PostgreSQL,
 * Redis), so "the dependency is unreachable" is simulated without owning its server.
 * @param target URL of the server, such as `postgres://u:p@127.0.0.1:5432/db`; a URL without
 *   a port gets its scheme's default (PostgreSQL, Redis, MongoDB).
 */
export function startTcpProxy(target: string): Promise<TcpProxy>;
