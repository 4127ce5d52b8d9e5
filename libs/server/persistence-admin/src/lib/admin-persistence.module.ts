import { Module } from '@nestjs/common';
import { AdminDatabase } from './admin-database';
import { AdminSessionRepository } from './admin-session.repository';
import { AdminUserRepository } from './admin-user.repository';
import { LeadReviewRepository } from './lead-review.repository';

@Module({
  providers: [
    AdminDatabase,
    AdminUserRepository,
    AdminSessionRepository,
    LeadReviewRepository,
  ],
  exports: [AdminUserRepository, AdminSessionRepository, LeadReviewRepository],
})
export class AdminPersistenceModule {}
