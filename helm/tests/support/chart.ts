import { CONFIG_VARIABLES } from '@landing/server/util-config';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

export const repoRoot = resolve(__dirname, '../../..');
export const chartDir = join(repoRoot, 'helm/landing');

export type Values = Record<string, unknown>;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readYaml(path: string): unknown {
  return parse(readFileSync(path, 'utf8')) as unknown;
}

export function defaultValues(): Values {
  const values = readYaml(join(chartDir, 'values.yaml'));
  if (!isRecord(values)) throw new Error('values.yaml is not a mapping');
  return values;
}

/** The example values files that CI lints and renders the chart with. */
export function exampleValueFiles(): string[] {
  return readdirSync(join(chartDir, 'ci'))
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => join(chartDir, 'ci', name));
}

/**
 * Helm's coalescing of a values file over the chart's defaults: mappings merge key by
 * key, anything else (lists included) replaces, and null removes the key.
 */
export function mergeValues(base: Values, override: Values): Values {
  const merged: Values = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = merged[key];
    if (value === null) delete merged[key];
    else if (isRecord(current) && isRecord(value))
      merged[key] = mergeValues(current, value);
    else merged[key] = value;
  }
  return merged;
}

/** Sets one dotted path on a deep copy, like `helm --set a.b.c=value`. */
export function withValue(
  values: Values,
  path: string,
  value: unknown,
): Values {
  const copy = structuredClone(values);
  const keys = path.split('.');
  const last = keys.pop();
  if (last === undefined) throw new Error('empty path');
  let node: Values = copy;
  for (const key of keys) {
    const next = node[key];
    if (!isRecord(next)) {
      node[key] = {};
    }
    node = node[key] as Values;
  }
  node[last] = value;
  return copy;
}

let compiled: ValidateFunction | undefined;

export function schema(): Record<string, unknown> {
  return JSON.parse(
    readFileSync(join(chartDir, 'values.schema.json'), 'utf8'),
  ) as Record<string, unknown>;
}

/** Validates values as Helm does before rendering (draft-07, every error reported). */
export function validate(values: Values): ErrorObject[] {
  compiled ??= new Ajv({ allErrors: true, strict: true }).compile(schema());
  return compiled(values) ? [] : [...(compiled.errors ?? [])];
}

export function describeErrors(errors: ErrorObject[]): string[] {
  return errors.map((error) =>
    `${error.instancePath || '/'} ${error.message ?? ''}`.trim(),
  );
}

export interface Template {
  name: string;
  text: string;
}

export function templates(): Template[] {
  const dir = join(chartDir, 'templates');
  return readdirSync(dir)
    .filter((name) => /\.(yaml|tpl|txt)$/.test(name))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
}

/** Every `.Values.a.b.c` path a template reads (including `$.Values…`). */
export function valuesPathsUsed(text: string): string[] {
  const paths = new Set<string>();
  for (const match of text.matchAll(
    /\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/g,
  )) {
    paths.add((match[1] ?? '').slice(1));
  }
  return [...paths];
}

/** Whether a dotted path exists in the values (the key is present, whatever its value). */
export function hasPath(values: Values, path: string): boolean {
  let node: unknown = values;
  for (const key of path.split('.')) {
    if (!isRecord(node) || !(key in node)) return false;
    node = node[key];
  }
  return true;
}

/** Every dotted path to a leaf of the values (empty mappings count as leaves). */
export function leafPaths(values: Values, prefix = ''): string[] {
  return Object.entries(values).flatMap(([key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return isRecord(value) && Object.keys(value).length > 0
      ? leafPaths(value, path)
      : [path];
  });
}

export interface Action {
  keyword: string;
  text: string;
  line: number;
}

/** The template actions `{{ … }}` of a file, comments dropped, in order. */
export function actions(text: string): Action[] {
  const found: Action[] = [];
  for (const match of text.matchAll(/\{\{-?\s*([\s\S]*?)\s*-?\}\}/g)) {
    const body = match[1] ?? '';
    if (body.startsWith('/*')) continue;
    const keyword = /^([a-z]+)/.exec(body)?.[1] ?? '';
    const line = text.slice(0, match.index).split('\n').length;
    found.push({ keyword, text: body, line });
  }
  return found;
}

/**
 * Checks that `{{` and `}}` pair up and that every if/range/with/define is closed by an
 * end (and every else sits inside an if, range or with). Returns the problems found.
 */
export function blockProblems(text: string): string[] {
  const problems: string[] = [];
  const opens = text.split('{{').length - 1;
  const closes = text.split('}}').length - 1;
  if (opens !== closes) problems.push(`${opens} "{{" but ${closes} "}}"`);
  const stack: Action[] = [];
  for (const action of actions(text)) {
    if (['if', 'range', 'with', 'define', 'block'].includes(action.keyword)) {
      stack.push(action);
    } else if (action.keyword === 'else') {
      const open = stack.at(-1);
      if (!open || !['if', 'range', 'with'].includes(open.keyword)) {
        problems.push(`line ${action.line}: else outside if/range/with`);
      }
    } else if (action.keyword === 'end') {
      if (!stack.pop())
        problems.push(`line ${action.line}: end without an open block`);
    }
  }
  for (const open of stack)
    problems.push(`line ${open.line}: ${open.keyword} is never closed`);
  return problems;
}

/** The environment variables declared in libs/server/util-config, and which of them are secret. */
export function declaredEnvironmentVariables(): string[] {
  return Object.keys(CONFIG_VARIABLES);
}

export function secretEnvironmentVariables(): string[] {
  return Object.entries(CONFIG_VARIABLES)
    .filter(([, variable]) => variable.secret)
    .map(([name]) => name);
}
