/** Why a backup or restore stopped; each message says what to do about it. */
export enum BackupErrorCode {
  BadLocation = 'BACKUP_BAD_LOCATION',
  NotFound = 'BACKUP_NOT_FOUND',
  ChecksumMismatch = 'BACKUP_CHECKSUM_MISMATCH',
  CountMismatch = 'BACKUP_COUNT_MISMATCH',
  TargetNotEmpty = 'BACKUP_TARGET_NOT_EMPTY',
  NoPgTool = 'BACKUP_NO_PG_TOOL',
  ToolFailed = 'BACKUP_TOOL_FAILED',
  BadArguments = 'BACKUP_BAD_ARGUMENTS',
}

export class BackupError extends Error {
  constructor(
    readonly code: BackupErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BackupError';
  }
}
