import { parseArgs } from 'node:util';
import { mapRows } from '@landing/server/persistence-lead';
import { ADMIN_ROLES, type AdminRole } from '@landing/shared/contracts-admin';
import { argon2id, hash } from 'argon2';
import { Client } from 'pg';
import { adminPasswordProblem } from './admin-password.policy';

/** argon2id with OWASP's minimum parameters (19 MiB, 2 passes). */
export const ARGON2_OPTIONS = {
  type: argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export function hashAdminPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export type AdminUpsertOutcome = 'created' | 'updated' | 'exists';

/**
 * Creates an admin user (the `admin-create` command). With `replace`, an existing user of
 * that email gets the new password and role (the development start command uses it);
 * without, an existing user is left alone.
 */
export async function upsertAdminUser(
  url: string,
  user: { email: string; role: AdminRole; password: string; replace?: boolean },
): Promise<AdminUpsertOutcome> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const passwordHash = await hashAdminPassword(user.password);
    const [id] = mapRows(
      (
        await client.query(
          `SELECT id FROM admin_users WHERE lower(email) = lower($1)`,
          [user.email],
        )
      ).rows,
      (row) => row.text('id'),
    );
    if (id === undefined) {
      await client.query(
        `INSERT INTO admin_users (email, password_hash, role) VALUES ($1, $2, $3)`,
        [user.email, passwordHash, user.role],
      );
      return 'created';
    }
    if (!user.replace) return 'exists';
    await client.query(
      `UPDATE admin_users SET password_hash = $2, role = $3, disabled_at = NULL, updated_at = now() WHERE id = $1`,
      [id, passwordHash, user.role],
    );
    // A reset password ends every session opened with the old one.
    await client.query(
      `UPDATE admin_sessions SET revoked_at = now() WHERE admin_id = $1 AND revoked_at IS NULL`,
      [id],
    );
    return 'updated';
  } finally {
    await client.end();
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** Reads a line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const input = process.stdin;
    process.stdout.write(question);
    input.setRawMode(true);
    input.resume();
    let typed = '';
    const onData = (data: Buffer) => {
      for (const char of data.toString('utf8')) {
        if (char === '\r' || char === '\n') {
          input.setRawMode(false);
          input.pause();
          input.off('data', onData);
          process.stdout.write('\n');
          resolve(typed);
          return;
        }
        if (char === '\u0003') {
          input.setRawMode(false);
          reject(new Error('cancelled'));
          return;
        }
        typed = char === '\u007f' ? typed.slice(0, -1) : typed + char;
      }
    };
    input.on('data', onData);
  });
}

/**
 * `admin-create --email someone@example.com --role admin|reviewer [--replace]`: the password
 * is prompted for (twice) on a terminal, or read from stdin when piped.
 */
export async function adminCreateCommand(
  url: string,
  args: readonly string[],
): Promise<void> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      email: { type: 'string' },
      role: { type: 'string', default: 'admin' },
      replace: { type: 'boolean', default: false },
    },
  });
  const email = values.email?.trim();
  if (!email || !/^[^\s@]+@[^\s@]+$/.test(email))
    throw new Error('--email is required and must look like an email address');
  const role = values.role;
  if (!(ADMIN_ROLES as readonly string[]).includes(role))
    throw new Error(`--role must be one of: ${ADMIN_ROLES.join(', ')}`);
  let password: string;
  if (process.stdin.isTTY) {
    password = await promptHidden('Password: ');
    if ((await promptHidden('Repeat it: ')) !== password)
      throw new Error('the passwords differ');
  } else {
    password = await readStdin();
  }
  const problem = adminPasswordProblem(password, email);
  if (problem) throw new Error(problem);
  const outcome = await upsertAdminUser(url, {
    email,
    role: role as AdminRole,
    password,
    replace: values.replace,
  });
  process.stdout.write(
    outcome === 'exists'
      ? `admin user ${email} already exists; pass --replace to reset its password\n`
      : `admin user ${email} ${outcome} (${role})\n`,
  );
}
