import {
  type CreateSavedViewRequest,
  LEAD_SORT_FIELDS,
  type LeadSortField,
  SAVED_VIEW_LIMITS,
  type SavedViewFilter,
  SORT_ORDERS,
  type SortOrder,
  type UpdateSavedViewRequest,
} from '@landing/shared/contracts-admin';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

/** The same bounds as the list's query string; values are parsed further by parseLeadFilter. */
export class SavedViewFilterDto implements SavedViewFilter {
  @IsOptional() @IsString() @MaxLength(100) status?: string;
  @IsOptional() @IsString() @MaxLength(40) from?: string;
  @IsOptional() @IsString() @MaxLength(40) to?: string;
  @IsOptional() @IsString() @MaxLength(200) source?: string;
  @IsOptional() @IsString() @MaxLength(200) campaign?: string;
  @IsOptional() @IsString() @MaxLength(100) q?: string;
  @IsOptional() @IsIn(LEAD_SORT_FIELDS) sort?: LeadSortField;
  @IsOptional() @IsIn(SORT_ORDERS) order?: SortOrder;
}

/** Something visible: not only spaces or invisible format characters. */
const VISIBLE = /[^\s\p{Cf}]/u;

export class CreateSavedViewDto implements CreateSavedViewRequest {
  @IsString()
  @MaxLength(SAVED_VIEW_LIMITS.nameMax)
  @Matches(VISIBLE, { message: 'name must not be blank' })
  name!: string;

  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => SavedViewFilterDto)
  filter!: SavedViewFilterDto;
}

export class UpdateSavedViewDto implements UpdateSavedViewRequest {
  @IsOptional()
  @IsString()
  @MaxLength(SAVED_VIEW_LIMITS.nameMax)
  @Matches(VISIBLE, { message: 'name must not be blank' })
  name?: string;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => SavedViewFilterDto)
  filter?: SavedViewFilterDto;
}
