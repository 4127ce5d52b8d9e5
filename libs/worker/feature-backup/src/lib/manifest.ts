import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { BackupError, BackupErrorCode } from './backup.error';

export const MANIFEST_FORMAT = 'landing-backup/1';

export interface ManifestFile {
  name: string;
  bytes: number;
  sha256: string;
}

export interface PostgresPart {
  /** `main` (DATABASE_URL) or `audit` (AUDIT_DATABASE_URL when it is another database). */
  role: 'main' | 'audit';
  file: string;
  serverVersion: string;
  pgDumpVersion: string;
  pgDumpMajor: number;
  counts: Record<string, number>;
}

export interface BackupManifest {
  format: typeof MANIFEST_FORMAT;
  name: string;
  createdAt: string;
  /** Wall-clock seconds the backup took. */
  seconds: number;
  queuePrefix: string;
  postgres: PostgresPart[];
  redis: {
    file: string;
    redisVersion: string;
    keys: number;
    jobs: Record<string, number>;
  };
  /** MongoDB's audit collection (mongodump archive), when MONGODB_URI is set. */
  mongo: { file: string; collection: string } | null;
  files: ManifestFile[];
}

export async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path))
    hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function describeFile(
  name: string,
  path: string,
): Promise<ManifestFile> {
  return { name, bytes: (await stat(path)).size, sha256: await sha256(path) };
}

export function parseManifest(text: string, where: string): BackupManifest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BackupError(BackupErrorCode.NotFound, `${where} is not JSON`);
  }
  const manifest = parsed as Partial<BackupManifest>;
  if (manifest.format !== MANIFEST_FORMAT || !Array.isArray(manifest.files))
    throw new BackupError(
      BackupErrorCode.NotFound,
      `${where} is not a ${MANIFEST_FORMAT} manifest`,
    );
  return manifest as BackupManifest;
}

/** Every file of the backup as the manifest describes it: size and SHA-256. */
export async function verifyFile(
  expected: ManifestFile,
  path: string,
): Promise<void> {
  const actual = await describeFile(expected.name, path);
  if (actual.bytes !== expected.bytes || actual.sha256 !== expected.sha256)
    throw new BackupError(
      BackupErrorCode.ChecksumMismatch,
      `${expected.name} does not match the manifest (${actual.bytes} bytes, sha256 ${actual.sha256}; expected ${expected.bytes} bytes, ${expected.sha256}): the backup is damaged`,
    );
}
