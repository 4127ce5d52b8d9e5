import {
  type LeadsPerDayQuery,
  OVERVIEW_STACK_BY,
  type OverviewQuery,
  type OverviewStackBy,
} from '@landing/shared/contracts-admin';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

/** Values are parsed further by parseOverviewRange. */
export class OverviewQueryDto implements OverviewQuery {
  @IsOptional() @IsString() @MaxLength(10) from?: string;
  @IsOptional() @IsString() @MaxLength(10) to?: string;
  @IsOptional() @IsString() @MaxLength(64) tz?: string;
}

export class LeadsPerDayQueryDto
  extends OverviewQueryDto
  implements LeadsPerDayQuery
{
  @IsOptional() @IsIn(OVERVIEW_STACK_BY) by?: OverviewStackBy;
}
