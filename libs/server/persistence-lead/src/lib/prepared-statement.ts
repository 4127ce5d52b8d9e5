import { type DataSource, type EntityManager, QueryFailedError } from 'typeorm';

/**
 * A statement PostgreSQL parses and plans once per connection instead of on every call: the
 * worker's batch writes are long CTEs whose parsing and planning cost PostgreSQL more than
 * storing a batch of 32 leads. The name must be unique per text.
 */
export interface PreparedStatement {
  readonly name: string;
  readonly text: string;
}

/** What `pg` answers a named query with (its pool and its clients alike). */
interface NamedQueryable {
  query(config: {
    name: string;
    text: string;
    values: unknown[];
  }): Promise<{ rows: unknown[] }>;
}

/**
 * Runs a {@link PreparedStatement}: inside `manager`'s transaction when it has one, else on a
 * pooled connection of the data source. Errors come back as TypeORM's `QueryFailedError`,
 * carrying PostgreSQL's `driverError`, as from `query()`.
 */
export async function runPrepared<R>(
  on: DataSource | EntityManager,
  statement: PreparedStatement,
  values: readonly unknown[],
): Promise<R[]> {
  const target = await connectionOf(on);
  try {
    const result = await target.query({
      name: statement.name,
      text: statement.text,
      values: [...values],
    });
    return result.rows as R[];
  } catch (error) {
    throw new QueryFailedError(statement.text, [...values], error as Error);
  }
}

async function connectionOf(
  on: DataSource | EntityManager,
): Promise<NamedQueryable> {
  const runner = 'queryRunner' in on ? on.queryRunner : undefined;
  if (runner !== undefined && !runner.isReleased)
    return (await runner.connect()) as NamedQueryable;
  const dataSource = 'driver' in on ? on : on.connection;
  // TypeORM's PostgreSQL driver keeps its `pg` pool as `master`.
  return (dataSource.driver as unknown as { master: NamedQueryable }).master;
}
