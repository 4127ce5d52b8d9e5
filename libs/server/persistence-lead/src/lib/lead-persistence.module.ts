import { APP_CONFIG, type AppConfig } from '@landing/server/util-config';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { leadDataSourceOptions } from './data-source';
import { LeadWriteRepository } from './lead-write.repository';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        leadDataSourceOptions(config.DATABASE_URL),
    }),
  ],
  providers: [LeadWriteRepository],
  exports: [LeadWriteRepository],
})
export class LeadPersistenceModule {}
