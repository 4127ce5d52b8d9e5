import {
  type AdminActor,
  AdminRoles,
  CurrentActor,
} from '@landing/api/feature-admin-auth';
import {
  type BulkLeadStatusResponse,
  type EraseLeadResponse,
  type LeadDetailResponse,
  type LeadListResponse,
  type LeadNoteView,
  type LeadSummary,
  type LeadTimelineResponse,
} from '@landing/shared/contracts-admin';
import { type AuditEvent } from '@landing/shared/contracts-audit';
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  StreamableFile,
} from '@nestjs/common';
import { RouteBodyLimit, UuidParamPipe } from '@landing/api/util-http';
import {
  AddLeadNoteDto,
  BulkLeadStatusDto,
  ChangeLeadStatusDto,
  LeadListQueryDto,
} from './admin-leads.dto';
import { LeadReviewService } from './lead-review.service';
import { LeadTimelineService } from './lead-timeline.service';

const uuid = new UuidParamPipe();

/**
 * BULK_STATUS_MAX_IDS ids of 36 characters, quoted and pretty-printed, take about 22 kB: more
 * than the api's 16 kB default, so this route alone takes up to 32 kB.
 */
export const BULK_STATUS_BODY_LIMIT = 32 * 1024;

@Controller('admin/leads')
export class AdminLeadsController {
  constructor(
    private readonly review: LeadReviewService,
    private readonly timelines: LeadTimelineService,
  ) {}

  @Get()
  @AdminRoles('admin', 'reviewer')
  list(@Query() query: LeadListQueryDto): Promise<LeadListResponse> {
    return this.review.list(query);
  }

  @Get('export')
  @AdminRoles('admin', 'reviewer')
  async export(
    @Query() query: LeadListQueryDto,
    @CurrentActor() actor: AdminActor,
  ): Promise<StreamableFile> {
    const stamp = new Date().toISOString().slice(0, 19).replace(/:/g, '-');
    const csv = await this.review.export(query, actor);
    return new StreamableFile(csv, {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="leads-${stamp}.csv"`,
    });
  }

  @Post('bulk-status')
  @HttpCode(200)
  @RouteBodyLimit(BULK_STATUS_BODY_LIMIT)
  @AdminRoles('admin', 'reviewer')
  bulkStatus(
    @Body() body: BulkLeadStatusDto,
    @CurrentActor() actor: AdminActor,
  ): Promise<BulkLeadStatusResponse> {
    return this.review.bulkStatus(body.ids, body.status, actor);
  }

  @Get(':id')
  @AdminRoles('admin', 'reviewer')
  detail(@Param('id', uuid) id: string): Promise<LeadDetailResponse> {
    return this.review.detail(id);
  }

  @Get(':id/timeline')
  @AdminRoles('admin', 'reviewer')
  timeline(@Param('id', uuid) id: string): Promise<LeadTimelineResponse> {
    return this.timelines.timeline(id);
  }

  @Get(':id/audit')
  @AdminRoles('admin', 'reviewer')
  audit(
    @Param('id', uuid) id: string,
    @Query('cursor') cursor: string | undefined,
  ): Promise<{ events: AuditEvent[]; nextCursor: string | null }> {
    return this.review.auditPage(id, typeof cursor === 'string' ? cursor : '');
  }

  @Patch(':id/status')
  @AdminRoles('admin', 'reviewer')
  changeStatus(
    @Param('id', uuid) id: string,
    @Body() body: ChangeLeadStatusDto,
    @CurrentActor() actor: AdminActor,
  ): Promise<LeadSummary> {
    return this.review.changeStatus(id, body.status, actor);
  }

  @Post(':id/notes')
  @AdminRoles('admin', 'reviewer')
  addNote(
    @Param('id', uuid) id: string,
    @Body() body: AddLeadNoteDto,
    @CurrentActor() actor: AdminActor,
  ): Promise<LeadNoteView> {
    return this.review.addNote(id, body.text, actor);
  }

  /** Erasure is for the `admin` role only (no @AdminRoles: the guard's default). */
  @Delete(':id')
  async erase(
    @Param('id', uuid) id: string,
    @CurrentActor() actor: AdminActor,
  ): Promise<EraseLeadResponse> {
    await this.review.erase(id, actor);
    return { erased: true };
  }
}
