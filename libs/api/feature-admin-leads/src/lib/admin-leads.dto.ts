import {
  type AddLeadNoteRequest,
  BULK_STATUS_MAX_IDS,
  type BulkLeadStatusRequest,
  type ChangeLeadStatusRequest,
  LEAD_NOTE_MAX_LENGTH,
  LEAD_SORT_FIELDS,
  type LeadListQuery,
  type LeadSortField,
  SORT_ORDERS,
  type SortOrder,
} from '@landing/shared/contracts-admin';
import { LEAD_STATUSES, type LeadStatus } from '@landing/shared/contracts-lead';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';

/** Query string of the list and the export; values are parsed further by the review service. */
export class LeadListQueryDto implements LeadListQuery {
  @IsOptional() @IsString() @MaxLength(100) status?: string;
  @IsOptional() @IsString() @MaxLength(40) from?: string;
  @IsOptional() @IsString() @MaxLength(40) to?: string;
  @IsOptional() @IsString() @MaxLength(200) source?: string;
  @IsOptional() @IsString() @MaxLength(200) campaign?: string;
  @IsOptional() @IsString() @MaxLength(100) q?: string;
  @IsOptional() @IsIn(LEAD_SORT_FIELDS) sort?: LeadSortField;
  @IsOptional() @IsIn(SORT_ORDERS) order?: SortOrder;
  @IsOptional()
  @Matches(/^\d{1,3}$/, { message: 'limit must be a whole number' })
  limit?: string;
  @IsOptional() @IsString() @MaxLength(400) cursor?: string;
}

export class ChangeLeadStatusDto implements ChangeLeadStatusRequest {
  @IsIn(LEAD_STATUSES) status!: LeadStatus;
}

export class AddLeadNoteDto implements AddLeadNoteRequest {
  @IsString() @MinLength(1) @MaxLength(LEAD_NOTE_MAX_LENGTH) text!: string;
}

export class BulkLeadStatusDto implements BulkLeadStatusRequest {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(BULK_STATUS_MAX_IDS)
  @IsUUID('all', { each: true })
  ids!: string[];
  @IsIn(LEAD_STATUSES) status!: LeadStatus;
}
