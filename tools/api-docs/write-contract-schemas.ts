// `npm run api-docs:schemas`: turns the shared contracts' types that the api document names
// into JSON Schema (libs/api/feature-api-docs/src/lib/contract-schemas.generated.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { format } from 'prettier';
import {
  contractSchemasSource,
  GENERATED_FILE,
} from '../../libs/api/feature-api-docs/src/lib/contract-schemas.generator';

async function main(): Promise<void> {
  const source = await format(contractSchemasSource(), {
    parser: 'typescript',
    singleQuote: true,
  });
  let current = '';
  try {
    current = readFileSync(GENERATED_FILE, 'utf8');
  } catch {
    // first run
  }
  if (current === source) {
    console.log('contract-schemas.generated.ts: already up to date');
    return;
  }
  writeFileSync(GENERATED_FILE, source);
  console.log('contract-schemas.generated.ts: regenerated');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
