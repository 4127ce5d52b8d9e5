import { register } from 'tsconfig-paths';
import { compilerOptions } from '../../tsconfig.base.json';

register({ baseUrl: `${__dirname}/../..`, paths: compilerOptions.paths });

export default async function globalTeardown(): Promise<void> {
  const { dropTestDatabases } = await import('@landing/server/util-testing');
  await dropTestDatabases();
}
