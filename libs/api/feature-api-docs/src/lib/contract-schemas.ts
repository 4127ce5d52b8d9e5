/** JSON Schema (2020-12, as OpenAPI 3.1 takes it) of contract types, by component name. */
export type ContractSchemas = Readonly<Record<string, object>>;
