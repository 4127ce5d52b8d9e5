import { Module } from '@nestjs/common';
import { AdminDatabase } from './admin-database';
import { AdminSessionRepository } from './admin-session.repository';
import { AdminUserRepository } from './admin-user.repository';
import { LeadHistoryRepository } from './lead-history.repository';
import { LeadOverviewRepository } from './lead-overview.repository';
import { LeadReviewRepository } from './lead-review.repository';
import { OverviewRollupRepository } from './overview-rollup.repository';
import { SavedViewRepository } from './saved-view.repository';
import { StaffAccountRepository } from './staff-account.repository';

@Module({
  providers: [
    AdminDatabase,
    AdminUserRepository,
    AdminSessionRepository,
    LeadReviewRepository,
    LeadHistoryRepository,
    LeadOverviewRepository,
    OverviewRollupRepository,
    SavedViewRepository,
    StaffAccountRepository,
  ],
  exports: [
    AdminUserRepository,
    AdminSessionRepository,
    LeadReviewRepository,
    LeadHistoryRepository,
    LeadOverviewRepository,
    OverviewRollupRepository,
    SavedViewRepository,
    StaffAccountRepository,
  ],
})
export class AdminPersistenceModule {}
