// `npm run config:readme`: rewrites the README's configuration tables from the one
// declaration (libs/server/util-config/src/lib/app-config.ts). `--check` only compares, and
// exits 1 when the README is out of date (the util-config unit tests check the same).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withConfigTables } from '../../libs/server/util-config/src/lib/config-readme';

const readmePath = join(__dirname, '../../README.md');
const readme = readFileSync(readmePath, 'utf8');
const generated = withConfigTables(readme);
if (process.argv.includes('--check')) {
  if (generated !== readme) {
    console.error(
      'README.md: the configuration tables are out of date; run npm run config:readme',
    );
    process.exit(1);
  }
} else if (generated !== readme) {
  writeFileSync(readmePath, generated);
  console.log('README.md: configuration tables regenerated');
} else {
  console.log('README.md: configuration tables already up to date');
}
