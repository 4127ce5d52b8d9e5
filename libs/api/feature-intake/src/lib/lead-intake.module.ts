import { RateLimitModule } from '@landing/api/feature-rate-limit';
import { AuditProducerModule } from '@landing/api/data-access-audit';
import { Module } from '@nestjs/common';
import { LeadIntakeController } from './lead-intake.controller';
import { LeadIntakeService } from './lead-intake.service';
import { LeadQueueProducer } from './lead-queue.producer';

@Module({
  imports: [RateLimitModule, AuditProducerModule],
  controllers: [LeadIntakeController],
  providers: [LeadIntakeService, LeadQueueProducer],
  exports: [LeadIntakeService, LeadQueueProducer],
})
export class LeadIntakeModule {}
