import { isAbsolute, resolve } from 'node:path';
import { BackupError, BackupErrorCode } from './backup.error';

export type BackupLocation =
  | { kind: 'folder'; path: string }
  | { kind: 's3'; bucket: string; prefix: string };

/**
 * A destination (or a backup in one): a folder path, or `s3://bucket/prefix`. The prefix has
 * no leading or trailing slash and may be empty.
 */
export function parseLocation(
  text: string,
  cwd = process.cwd(),
): BackupLocation {
  const value = text.trim();
  if (!value)
    throw new BackupError(
      BackupErrorCode.BadLocation,
      'no destination given: a folder path or s3://bucket/prefix',
    );
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(\/.*)?$/.exec(
      value,
    );
    if (!match)
      throw new BackupError(
        BackupErrorCode.BadLocation,
        `"${value}" is not a folder or an s3://bucket/prefix location (bucket names are 3-63 characters of a-z, 0-9, . and -)`,
      );
    const prefix = (match[2] ?? '')
      .split('/')
      .filter((part) => part !== '')
      .join('/');
    return { kind: 's3', bucket: match[1] ?? '', prefix };
  }
  return {
    kind: 'folder',
    path: isAbsolute(value) ? value : resolve(cwd, value),
  };
}

export function describeLocation(location: BackupLocation): string {
  return location.kind === 'folder'
    ? location.path
    : `s3://${location.bucket}${location.prefix ? `/${location.prefix}` : ''}`;
}

/** The location one level down (a backup inside a destination). */
export function childLocation(
  location: BackupLocation,
  name: string,
): BackupLocation {
  return location.kind === 'folder'
    ? { kind: 'folder', path: resolve(location.path, name) }
    : {
        ...location,
        prefix: location.prefix ? `${location.prefix}/${name}` : name,
      };
}

/** Splits a backup's location into its destination and its name (the last path segment). */
export function splitBackupLocation(location: BackupLocation): {
  destination: BackupLocation;
  name: string;
} {
  if (location.kind === 'folder') {
    const path = location.path.replace(/\/+$/, '');
    const cut = path.lastIndexOf('/');
    return {
      destination: { kind: 'folder', path: path.slice(0, cut) || '/' },
      name: path.slice(cut + 1),
    };
  }
  const parts = location.prefix.split('/');
  const name = parts.pop() ?? '';
  return { destination: { ...location, prefix: parts.join('/') }, name };
}
