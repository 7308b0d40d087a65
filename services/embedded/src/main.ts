import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmbedded } from './platform.ts';

const args = new Set(process.argv.slice(2));
// Data lives at the repository root by default, wherever pnpm runs the script from.
const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
const dataDir = resolve(repositoryRoot, process.env.CHUNGTAY_DATA_DIR ?? '.chungtay');
const port = Number(process.env.PORT ?? 4000);

const platform = await startEmbedded({ dataDir, port, fresh: args.has('--fresh') });
const out = (line = '') => process.stdout.write(`${line}\n`);
out('Chung Tay — embedded default (PGlite on disk, one process)');
out(`  data:       ${dataDir}${args.has('--fresh') ? ' (started afresh)' : ''}`);
out(`  GraphiQL:   ${platform.graphqlUrl}   (add the header {"authorization": "Bearer <token>"})`);
out(`  case API:   ${platform.url}/cases   ${platform.url}/children`);
out(`  health:     ${platform.url}/health/live  ${platform.url}/health/ready`);
out(
  `  master key: ${platform.masterKeyCreated ? 'created' : 'loaded'} (${dataDir}/master.key; set CHUNGTAY_MASTER_KEY in production)`,
);
out('');
out('Tokens for the demo users (valid 12 hours; more with `pnpm chungtay token --role <role>`):');
for (const [role, token] of Object.entries(platform.tokens)) out(`  ${role.padEnd(22)} ${token}`);
out('');
out('Try journey J1 (a hotline report):');
out(
  `  curl -s -X POST ${platform.url}/cases -H "authorization: Bearer $HOTLINE" -H 'content-type: application/json' \\`,
);
out(
  `    -d '{"caseId":"0193a3c4-0000-7000-8000-000000000001","receivedAt":"2026-11-29T08:00:00+07:00","channel":"HOTLINE_111",`,
);
out(`         "incidentCommuneCode":"21583","category":"ABUSED","formsOfHarm":["VIOLENCE"],"relatives":[],`);
out(`         "child":{"childId":"0193a3c4-0000-7000-8000-0000000000c1","estimatedAge":9,"sex":"FEMALE"},`);
out(`         "narrative":"Hàng xóm báo trẻ bị đánh.","reporter":{"consentToRecordIdentity":false}}'`);
out(
  '  (set HOTLINE to the hotline_operator token above; then GET /cases/<id> with the commune_officer token)',
);
out('');
out('Try journey J5 (one timeline, a lens per agency) in GraphiQL, with any token above:');
out('  { workQueue(first: 10) { edges { node { id status deadlines { kind dueAt status } child');
out('      timeline(first: 20) { edges { node { type agency visibility data } } } } } } }');
out('');
out('Try journey J3 (a referral picked up once): as commune_officer,');
out(
  '  mutation { issueReferral(caseId: "<case id>", referral: { referralId: "<new uuid>", toAgency: "legal_aid",',
);
out(
  '    reason: "Tư vấn pháp lý", urgency: "URGENT", dueAt: "<ISO instant>", sharingBasis: "CONSENT" }) { id } }',
);
out('  then as legal_aid_officer: { referralInbox { edges { node { referralId caseId status } } } } and');
out('  mutation { referralAction(caseId: "<case id>", referralId: "<id>", action: claim) { id } }');
out('');
out('Stop with Ctrl+C. `pnpm start -- --fresh` starts with empty data.');

const shutdown = async (signal: string) => {
  out(`\n${signal}: stopping`);
  await platform.stop();
  process.exit(0);
};
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));
