import { AdminAuthModule } from '@landing/api/feature-admin-auth';
import { AUDIT_STORE, AuditTrailService } from '@landing/server/domain-audit';
import { AuditPersistenceModule } from '@landing/server/persistence-audit';
import { Module } from '@nestjs/common';
import { AdminLeadsController } from './admin-leads.controller';
import {
  auditStoreEraser,
  LEAD_AUDIT_ERASER,
  LeadDedupEraser,
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
    {
      provide: LEAD_AUDIT_ERASER,
      inject: [AUDIT_STORE],
      useFactory: auditStoreEraser,
    },
  ],
})
export class AdminLeadsModule {}
