import { stopOnSignals } from '@chungtay/service-kit';
import { RelayConfig, startRelayService } from './relay-service.ts';

const parsed = RelayConfig.safeParse(process.env);
if (!parsed.success) {
  for (const issue of parsed.error.issues)
    process.stderr.write(`relay: ${issue.path.join('.')}: ${issue.message}\n`);
  process.exit(2);
}
const service = await startRelayService(parsed.data);
// Graceful shutdown: finish the batch in flight, save its checkpoint, release the lead.
stopOnSignals([service]);
