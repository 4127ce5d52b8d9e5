/**
 * The one way our PostgreSQL libraries read rows of raw SQL: a mapper per query turns each
 * row into a typed record through the getters below, which check what the driver handed
 * over instead of casting it. A column that is missing or of another type is a defect and
 * throws, naming the column, rather than travelling on as a lie in the type.
 */
export class SqlRow {
  constructor(private readonly values: Readonly<Record<string, unknown>>) {}

  text(column: string): string {
    const value = this.get(column);
    if (typeof value === 'string') return value;
    throw this.wrong(column, 'text', value);
  }

  textOrNull(column: string): string | null {
    return this.get(column) === null ? null : this.text(column);
  }

  /**
   * An integer. `count(*)` and other bigints arrive as strings (pg keeps their precision);
   * they are accepted while they fit a double exactly.
   */
  int(column: string): number {
    const value = this.get(column);
    const n =
      typeof value === 'string' && /^-?\d+$/.test(value)
        ? Number(value)
        : value;
    if (typeof n === 'number' && Number.isSafeInteger(n)) return n;
    throw this.wrong(column, 'integer', value);
  }

  intOrNull(column: string): number | null {
    return this.get(column) === null ? null : this.int(column);
  }

  /** A double precision or numeric value (numerics arrive as strings). */
  number(column: string): number {
    const value = this.get(column);
    const n =
      typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof n === 'number' && Number.isFinite(n)) return n;
    throw this.wrong(column, 'number', value);
  }

  numberOrNull(column: string): number | null {
    return this.get(column) === null ? null : this.number(column);
  }

  bool(column: string): boolean {
    const value = this.get(column);
    if (typeof value === 'boolean') return value;
    throw this.wrong(column, 'boolean', value);
  }

  boolOrNull(column: string): boolean | null {
    return this.get(column) === null ? null : this.bool(column);
  }

  date(column: string): Date {
    const value = this.get(column);
    if (value instanceof Date) return value;
    throw this.wrong(column, 'timestamp', value);
  }

  dateOrNull(column: string): Date | null {
    return this.get(column) === null ? null : this.date(column);
  }

  /** A text column restricted to a known set (a CHECK constraint's values). */
  oneOf<T extends string>(column: string, allowed: readonly T[]): T {
    const value = this.text(column);
    const found = allowed.find((candidate) => candidate === value);
    if (found !== undefined) return found;
    throw this.wrong(column, allowed.join(' | '), value);
  }

  /** A json/jsonb column, as parsed by the driver; the caller validates its shape. */
  json(column: string): unknown {
    return this.get(column);
  }

  private get(column: string): unknown {
    if (!Object.prototype.hasOwnProperty.call(this.values, column))
      throw new TypeError(`the query returned no column "${column}"`);
    return this.values[column];
  }

  private wrong(column: string, expected: string, value: unknown): TypeError {
    const got = value === null ? 'null' : typeof value;
    return new TypeError(
      `column "${column}": expected ${expected}, got ${got}`,
    );
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export type RowMapper<T> = (row: SqlRow) => T;

/** Maps what the driver answered for a SELECT (an array of row objects) with `map`. */
export function mapRows<T>(rows: unknown, map: RowMapper<T>): T[] {
  if (!Array.isArray(rows))
    throw new TypeError('expected the rows of a SELECT, got something else');
  return rows.map((row: unknown) => {
    if (!isRecord(row)) throw new TypeError('expected a row object');
    return map(new SqlRow(row));
  });
}

/** Something that runs SQL: a TypeORM DataSource, EntityManager or QueryRunner. */
export interface SqlQueryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/** Typed access over one connection or pool: rows through a mapper, statements unread. */
export interface SqlSession {
  rows<T>(
    sql: string,
    params: readonly unknown[],
    map: RowMapper<T>,
  ): Promise<T[]>;
  execute(sql: string, params?: readonly unknown[]): Promise<void>;
}

export function sqlSession(queryable: SqlQueryable): SqlSession {
  return {
    async rows(sql, params, map) {
      return mapRows(await queryable.query(sql, [...params]), map);
    },
    async execute(sql, params = []) {
      await queryable.query(sql, [...params]);
    },
  };
}
