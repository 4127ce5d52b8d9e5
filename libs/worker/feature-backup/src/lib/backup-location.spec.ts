import {
  childLocation,
  describeLocation,
  parseLocation,
  splitBackupLocation,
} from './backup-location';
import { BackupErrorCode } from './backup.error';

describe('backup locations', () => {
  it('read a folder (relative to the working directory) or s3://bucket/prefix', () => {
    expect(parseLocation('backups', '/srv')).toEqual({
      kind: 'folder',
      path: '/srv/backups',
    });
    expect(parseLocation('s3://landing-backups/prod/nightly/')).toEqual({
      kind: 's3',
      bucket: 'landing-backups',
      prefix: 'prod/nightly',
    });
    expect(parseLocation('s3://landing-backups')).toEqual({
      kind: 's3',
      bucket: 'landing-backups',
      prefix: '',
    });
  });

  it('refuse other schemes and bad bucket names with a stable code', () => {
    for (const bad of [
      'https://example.test/x',
      's3://A_bucket/x',
      's3://',
      ' ',
    ])
      expect(() => parseLocation(bad)).toThrow(
        expect.objectContaining({ code: BackupErrorCode.BadLocation }),
      );
  });

  it('name a backup inside a destination, and split it back', () => {
    const s3 = parseLocation('s3://b-1/prod');
    const backup = childLocation(s3, 'landing-20261201T000000Z');
    expect(describeLocation(backup)).toBe(
      's3://b-1/prod/landing-20261201T000000Z',
    );
    expect(splitBackupLocation(backup)).toEqual({
      destination: s3,
      name: 'landing-20261201T000000Z',
    });
    const folder = parseLocation('/var/backups/landing-20261201T000000Z/');
    expect(splitBackupLocation(folder)).toEqual({
      destination: { kind: 'folder', path: '/var/backups' },
      name: 'landing-20261201T000000Z',
    });
  });
});
