import type { S3Client } from '@aws-sdk/client-s3';
import { type AppConfig } from '@landing/server/util-config';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type BackupLocation } from './backup-location';
import { BackupError, BackupErrorCode } from './backup.error';

/**
 * Where backups live: a destination holds one folder (or key prefix) per backup. A backup is
 * complete once its manifest is there; the manifest is always written last.
 */
export interface BackupStore {
  /** Names of the backups at the destination that have a manifest. */
  list(): Promise<string[]>;
  /** Copies local files into a new backup, the manifest last. */
  write(name: string, files: { name: string; path: string }[]): Promise<void>;
  /** Copies one file of a backup to a local path; BACKUP_NOT_FOUND if it is missing. */
  read(name: string, file: string, to: string): Promise<void>;
  remove(name: string): Promise<void>;
}

export const MANIFEST_FILE = 'manifest.json';

type S3Sdk = typeof import('@aws-sdk/client-s3');

export async function openStore(
  location: BackupLocation,
  config: AppConfig,
): Promise<BackupStore> {
  if (location.kind === 'folder') return new FolderStore(location.path);
  // Loaded only for s3:// destinations: the SDK takes seconds to load on a busy machine, and
  // the worker's other commands (and its queue consumers) never need it.
  const sdk = await import('@aws-sdk/client-s3');
  return new S3Store(
    sdk,
    s3Client(sdk, config),
    location.bucket,
    location.prefix,
  );
}

function s3Client(sdk: S3Sdk, config: AppConfig): S3Client {
  return new sdk.S3Client({
    region: config.BACKUP_S3_REGION,
    ...(config.BACKUP_S3_ENDPOINT
      ? { endpoint: config.BACKUP_S3_ENDPOINT }
      : {}),
    forcePathStyle: config.BACKUP_S3_FORCE_PATH_STYLE,
    ...(config.BACKUP_S3_ACCESS_KEY_ID && config.BACKUP_S3_SECRET_ACCESS_KEY
      ? {
          credentials: {
            accessKeyId: config.BACKUP_S3_ACCESS_KEY_ID,
            secretAccessKey: config.BACKUP_S3_SECRET_ACCESS_KEY,
          },
        }
      : {}),
    // MinIO and other S3-compatible servers do not all speak the SDK's default checksums.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

class FolderStore implements BackupStore {
  constructor(private readonly root: string) {}

  async list(): Promise<string[]> {
    const entries = await readdir(this.root, { withFileTypes: true }).catch(
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return [];
        throw error;
      },
    );
    const names: string[] = [];
    for (const entry of entries) {
      if (!entry.isDirectory()) continue;
      const complete = await stat(join(this.root, entry.name, MANIFEST_FILE))
        .then(() => true)
        .catch(() => false);
      if (complete) names.push(entry.name);
    }
    return names.sort();
  }

  async write(
    name: string,
    files: { name: string; path: string }[],
  ): Promise<void> {
    // Written under a temporary name and renamed: a half-written backup is never taken for one.
    const partial = join(this.root, `.${name}.partial`);
    await rm(partial, { recursive: true, force: true });
    await mkdir(partial, { recursive: true });
    for (const file of files)
      await copyFile(file.path, join(partial, file.name));
    await rename(partial, join(this.root, name));
  }

  async read(name: string, file: string, to: string): Promise<void> {
    const from = join(this.root, name, file);
    await copyFile(from, to).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT')
        throw new BackupError(BackupErrorCode.NotFound, `${from} is missing`);
      throw error;
    });
  }

  async remove(name: string): Promise<void> {
    await rm(join(this.root, name), { recursive: true, force: true });
  }
}

class S3Store implements BackupStore {
  constructor(
    private readonly sdk: S3Sdk,
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly prefix: string,
  ) {}

  private key(...parts: string[]): string {
    return [this.prefix, ...parts].filter((part) => part !== '').join('/');
  }

  private async keys(under: string, delimiter?: string) {
    const keys: string[] = [];
    const prefixes: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.s3.send(
        new this.sdk.ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: under,
          Delimiter: delimiter,
          ContinuationToken: token,
        }),
      );
      for (const item of page.Contents ?? []) if (item.Key) keys.push(item.Key);
      for (const item of page.CommonPrefixes ?? [])
        if (item.Prefix) prefixes.push(item.Prefix);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return { keys, prefixes };
  }

  async list(): Promise<string[]> {
    const root = this.prefix ? `${this.prefix}/` : '';
    const { keys } = await this.keys(root);
    return keys
      .filter((key) => key.endsWith(`/${MANIFEST_FILE}`))
      .map((key) => key.slice(root.length, -MANIFEST_FILE.length - 1))
      .filter((name) => name !== '' && !name.includes('/'))
      .sort();
  }

  async write(
    name: string,
    files: { name: string; path: string }[],
  ): Promise<void> {
    const ordered = [
      ...files.filter((file) => file.name !== MANIFEST_FILE),
      ...files.filter((file) => file.name === MANIFEST_FILE),
    ];
    for (const file of ordered) {
      const { size } = await stat(file.path);
      await this.s3.send(
        new this.sdk.PutObjectCommand({
          Bucket: this.bucket,
          Key: this.key(name, file.name),
          Body: createReadStream(file.path),
          ContentLength: size,
        }),
      );
    }
  }

  async read(name: string, file: string, to: string): Promise<void> {
    const key = this.key(name, file);
    let body: unknown;
    try {
      body = (
        await this.s3.send(
          new this.sdk.GetObjectCommand({ Bucket: this.bucket, Key: key }),
        )
      ).Body;
    } catch (error) {
      if ((error as { name?: string }).name === 'NoSuchKey')
        throw new BackupError(
          BackupErrorCode.NotFound,
          `s3://${this.bucket}/${key} is missing`,
        );
      throw error;
    }
    if (!(body instanceof Readable))
      throw new BackupError(
        BackupErrorCode.NotFound,
        `s3://${this.bucket}/${key} has no body`,
      );
    await pipeline(body, createWriteStream(to));
  }

  async remove(name: string): Promise<void> {
    // One DeleteObject per key: DeleteObjects needs a Content-MD5 that not every server takes.
    const { keys } = await this.keys(`${this.key(name)}/`);
    for (const key of keys)
      await this.s3.send(
        new this.sdk.DeleteObjectCommand({ Bucket: this.bucket, Key: key }),
      );
  }
}
