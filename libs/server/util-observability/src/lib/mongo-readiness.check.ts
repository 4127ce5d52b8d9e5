import { type ReadinessCheck } from './readiness';

/** Whatever owns the MongoDB connection (the audit store): connects if need be, then pings. */
export interface MongoPing {
  ping(): Promise<unknown>;
}

/** MongoDB readiness, used only when MONGODB_URI is set; the audit trail owns the connection. */
export class MongoReadinessCheck implements ReadinessCheck {
  readonly name = 'mongodb';

  constructor(private readonly mongo: MongoPing) {}

  async isReady(): Promise<boolean> {
    await this.mongo.ping();
    return true;
  }
}
