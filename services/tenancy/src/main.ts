import 'reflect-metadata';
import { loadConfigOrExit, runService } from '@tf/platform';
import { AppModule } from './app.module';
import { TenancyConfig } from './config';

async function main() {
  const config = loadConfigOrExit(TenancyConfig);
  await runService(AppModule.forRoot(config), config);
}

main().catch((error: unknown) => {
  process.stderr.write(`tenancy failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
