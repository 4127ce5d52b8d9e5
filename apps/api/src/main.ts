import { ConfigValidationError, loadConfig } from '@landing/server/util-config';
import { Logger } from '@nestjs/common';
import { createApi } from './app/create-api';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const app = await createApi(config);
  await app.listen(config.PORT, config.HOST);
  Logger.log(
    `api listening on http://${config.HOST}:${config.PORT}/api`,
    'Bootstrap',
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigValidationError ? error.message : error);
  process.exit(1);
});
