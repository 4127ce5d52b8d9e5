import { AdminAuthModule } from '@landing/api/feature-admin-auth';
import { AuditTrailService } from '@landing/server/domain-audit';
import { AuditPersistenceModule } from '@landing/server/persistence-audit';
import { Module } from '@nestjs/common';
import { AdminLeadsController } from './admin-leads.controller';
import {
  LEAD_AUDIT_ERASER,
  LeadDedupEraser,
  PostgresLeadAuditEraser,
} from './lead-erasure.ports';
import { LeadReviewService } from './lead-review.service';

/** The review API under `/api/admin/leads`. */
@Module({
  imports: [AdminAuthModule, AuditPersistenceModule],
  controllers: [AdminLeadsController],
  providers: [
    LeadReviewService,
    AuditTrailService,
    LeadDedupEraser,
    { provide: LEAD_AUDIT_ERASER, useClass: PostgresLeadAuditEraser },
  ],
})
export class AdminLeadsModule {}
