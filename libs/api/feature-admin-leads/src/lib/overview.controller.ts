import { AdminRoles } from '@landing/api/feature-admin-auth';
import {
  type LeadQualityResponse,
  type LeadsPerDayResponse,
  type ResponseTimeResponse,
  type SlaPerDayResponse,
  type StatusFunnelResponse,
} from '@landing/shared/contracts-admin';
import { Controller, Get, Query } from '@nestjs/common';
import { LeadsPerDayQueryDto, OverviewQueryDto } from './overview.dto';
import { OverviewService } from './overview.service';

/** The overview charts under `/api/admin/overview`, for every staff role. */
@Controller('admin/overview')
@AdminRoles('admin', 'reviewer')
export class OverviewController {
  constructor(private readonly overview: OverviewService) {}

  @Get('leads-per-day')
  leadsPerDay(
    @Query() query: LeadsPerDayQueryDto,
  ): Promise<LeadsPerDayResponse> {
    return this.overview.leadsPerDay(query);
  }

  @Get('funnel')
  funnel(@Query() query: OverviewQueryDto): Promise<StatusFunnelResponse> {
    return this.overview.funnel(query);
  }

  @Get('quality')
  quality(@Query() query: OverviewQueryDto): Promise<LeadQualityResponse> {
    return this.overview.quality(query);
  }

  @Get('response-time')
  responseTime(
    @Query() query: OverviewQueryDto,
  ): Promise<ResponseTimeResponse> {
    return this.overview.responseTime(query);
  }

  @Get('sla')
  sla(@Query() query: OverviewQueryDto): Promise<SlaPerDayResponse> {
    return this.overview.slaPerDay(query);
  }
}
