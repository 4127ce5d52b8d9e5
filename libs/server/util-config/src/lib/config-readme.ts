import { CONFIG_VARIABLES } from './app-config';
import { type ConfigGroup, type ConfigVariable } from './config-variable';

const START = (group: string) => `<!-- config-table:${group} -->`;
const END = '<!-- /config-table -->';

function defaultText(variable: ConfigVariable<unknown>): string {
  if (variable.defaultText !== undefined) return variable.defaultText;
  const value = variable.default;
  if (typeof value === 'function')
    throw new Error('a default that depends on the context needs defaultText');
  if (value === undefined) return variable.required ? 'required' : 'unset';
  if (Array.isArray(value))
    return value.length === 0 ? 'empty' : `\`${value.join(',')}\``;
  if (value === '') return 'empty';
  if (typeof value === 'number') return String(value);
  return `\`${String(value)}\``;
}

const cell = (text: string): string => text.replace(/\|/g, '\\|');

/** The Markdown table of one group's variables, in declaration order. */
export function configTable(group: ConfigGroup): string {
  const rows = Object.entries(CONFIG_VARIABLES)
    .filter(([, variable]) => variable.group === group)
    .map(([name, variable]: [string, ConfigVariable<unknown>]) =>
      [
        `\`${name}\``,
        cell(defaultText(variable)),
        cell(variable.description),
        variable.secret ? 'yes' : '',
      ].join(' | '),
    )
    .map((row) => `| ${row} |`);
  return [
    '| Variable | Default | Meaning | Secret |',
    '| --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/**
 * The README with every generated table replaced by the current one. A table sits between
 * `<!-- config-table:<group> -->` and `<!-- /config-table -->`.
 */
export function withConfigTables(readme: string): string {
  return readme.replace(
    /<!-- config-table:([a-z]+) -->\n[\s\S]*?<!-- \/config-table -->/g,
    (_, group: string) =>
      `${START(group)}\n${configTable(group as ConfigGroup)}\n${END}`,
  );
}

/** The groups whose table the README holds. */
export function readmeGroups(readme: string): string[] {
  return [...readme.matchAll(/<!-- config-table:([a-z]+) -->/g)].map(
    (match) => match[1] ?? '',
  );
}
