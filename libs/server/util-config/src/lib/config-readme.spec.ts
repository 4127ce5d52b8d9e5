import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_VARIABLES } from './app-config';
import { readmeGroups, withConfigTables } from './config-readme';

const readme = readFileSync(
  join(__dirname, '../../../../../README.md'),
  'utf8',
);

describe("the README's configuration tables", () => {
  it('are the ones generated from the declaration (npm run config:readme rewrites them)', () => {
    expect(readme).toBe(withConfigTables(readme));
  });

  it('show every group once, so no declared variable is left out', () => {
    const groups = new Set(
      Object.values(CONFIG_VARIABLES).map((variable) => variable.group),
    );
    expect(readmeGroups(readme).sort()).toEqual([...groups].sort());
  });

  it('list each variable with its default, and mark secrets', () => {
    const tables = withConfigTables(
      [
        '<!-- config-table:admin -->',
        '<!-- /config-table -->',
        '<!-- config-table:audit -->',
        '<!-- /config-table -->',
      ].join('\n'),
    );
    expect(tables).toContain(
      '| `ADMIN_SESSION_TTL_MINUTES` | 720 | session lifetime from sign-in |  |',
    );
    expect(tables).toMatch(
      /^\| `ADMIN_SESSION_SECRET` \| a development value \| .* \| yes \|$/m,
    );
    expect(tables).toMatch(/^\| `TRUSTED_PROXIES` \| empty \| /m);
    expect(tables).toMatch(/^\| `MONGODB_URI` \| unset \| .* \| yes \|$/m);
  });
});
