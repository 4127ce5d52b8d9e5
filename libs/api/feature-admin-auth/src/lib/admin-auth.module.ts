import { AuditProducerModule } from '@landing/api/data-access-audit';
import { AdminPersistenceModule } from '@landing/server/persistence-admin';
import { MailQueueModule } from '@landing/server/util-mail';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AdminAuthController } from './admin-auth.controller';
import { AdminAuthGuard } from './admin-auth.guard';
import { AdminSessionService } from './admin-session.service';
import { AdminUsersController } from './admin-users.controller';
import { AdminUsersService } from './admin-users.service';
import { LoginThrottle } from './login-throttle.service';

/** Admin sign-in, sessions and the guard that protects every route under `/api/admin`. */
@Module({
  imports: [AdminPersistenceModule, AuditProducerModule, MailQueueModule],
  controllers: [AdminAuthController, AdminUsersController],
  providers: [
    AdminSessionService,
    AdminUsersService,
    LoginThrottle,
    { provide: APP_GUARD, useClass: AdminAuthGuard },
  ],
  exports: [AdminSessionService, AdminPersistenceModule, AuditProducerModule],
})
export class AdminAuthModule {}
