import { AdminAuthModule } from '@landing/api/feature-admin-auth';
import { AUDIT_STORE, AuditTrailService } from '@landing/server/domain-audit';
import { AuditPersistenceModule } from '@landing/server/persistence-audit';
import { DeskPersistenceModule } from '@landing/server/persistence-desk';
import { Module } from '@nestjs/common';
import { AdminLeadsController } from './admin-leads.controller';
import {
  auditStoreEraser,
  LEAD_AUDIT_ERASER,
  LeadDedupEraser,
} from './lead-erasure.ports';
import { LeadReviewService } from './lead-review.service';
import { LeadTimelineService } from './lead-timeline.service';
import { OverviewController } from './overview.controller';
import { OverviewService } from './overview.service';
import { SavedViewsController } from './saved-views.controller';
import { SavedViewsService } from './saved-views.service';

/** The review API under `/api/admin/leads`, saved views and the overview charts. */
@Module({
  imports: [AdminAuthModule, AuditPersistenceModule, DeskPersistenceModule],
  controllers: [AdminLeadsController, SavedViewsController, OverviewController],
  providers: [
    LeadReviewService,
    LeadTimelineService,
    SavedViewsService,
    OverviewService,
    AuditTrailService,
    LeadDedupEraser,
    {
      provide: LEAD_AUDIT_ERASER,
      inject: [AUDIT_STORE],
      useFactory: auditStoreEraser,
    },
  ],
})
export class AdminLeadsModule {}
