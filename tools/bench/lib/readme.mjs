// Replaces the text between <!-- <name>:latest:start --> and <!-- <name>:latest:end --> in
// the README with the latest report; nothing else in the file is touched.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from './apps.mjs';

/**
 * @param {string} name
 * @param {string} markdown
 * @returns {Promise<boolean>} whether the README had that section
 */
export async function updateReadmeSection(name, markdown) {
  const file = path.join(repoRoot, 'README.md');
  const start = `<!-- ${name}:latest:start -->`;
  const end = `<!-- ${name}:latest:end -->`;
  const readme = await readFile(file, 'utf8');
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) return false;
  await writeFile(
    file,
    `${readme.slice(0, from + start.length)}\n${markdown}\n${readme.slice(to)}`,
  );
  return true;
}
