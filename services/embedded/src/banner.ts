import type { EmbeddedPlatform } from './platform.ts';

/** A GraphQL operation as one line of JSON for curl's `-d`. */
const graphqlBody = (query: string) => JSON.stringify({ query: query.replace(/\s+/g, ' ').trim() });

/**
 * What the start command prints: where everything is, a token per role, and ready operations for each journey
 * of the brief — on the demo's own cases when the data holds the demo.
 */
export function startBanner(
  platform: Pick<EmbeddedPlatform, 'url' | 'graphqlUrl' | 'masterKeyCreated' | 'tokens' | 'demo' | 'seeded'>,
  options: { readonly dataDir: string; readonly fresh: boolean },
): string[] {
  const { url, graphqlUrl, tokens, demo, seeded } = platform;
  const lines: string[] = [];
  const out = (line = '') => lines.push(line);
  const ask = (role: keyof typeof tokens, query: string) =>
    `  curl -s ${graphqlUrl} -H "authorization: Bearer $${role.toUpperCase()}" -H 'content-type: application/json' -d '${graphqlBody(query)}'`;

  out('Chung Tay — embedded default (PGlite on disk, one process)');
  out(`  console:    ${url}/   (open it in a browser; sign in as any demo user)`);
  out(`  data:       ${options.dataDir}${options.fresh ? ' (started afresh)' : ''}`);
  out(`  GraphiQL:   ${graphqlUrl}   (add the header {"authorization": "Bearer <token>"})`);
  out(`  case API:   ${url}/cases   ${url}/children`);
  out(`  health:     ${url}/health/live  ${url}/health/ready`);
  out(
    `  master key: ${platform.masterKeyCreated ? 'created' : 'loaded'} (${options.dataDir}/master.key; set CHUNGTAY_MASTER_KEY in production)`,
  );
  if (seeded) {
    out(
      `  demo data:  seeded now: ${seeded.cases} cases in ${seeded.communes} of Gia Lai's communes, ${seeded.children} child records, ${seeded.commands} steps`,
    );
  } else if (demo) out('  demo data:  kept from an earlier start (`-- --fresh` seeds it anew)');
  else out('  demo data:  none (started with --empty, or the data predates the demo)');
  out('');
  out('Tokens for the demo users, valid 12 hours (more: `pnpm chungtay token --role <role>`).');
  out('Set each as a shell variable to paste the examples, e.g. COMMUNE_OFFICER=<token>:');
  for (const [role, token] of Object.entries(tokens)) out(`  ${role.toUpperCase().padEnd(22)} ${token}`);
  out('');

  out(
    'J1 — intake to protection: a hotline report opens a case; the commune officer sees it with its deadlines.',
  );
  out(
    `  curl -s -X POST ${url}/cases -H "authorization: Bearer $HOTLINE_OPERATOR" -H 'content-type: application/json' \\`,
  );
  out(
    `    -d '{"caseId":"<a new uuid>","receivedAt":"<now, ISO 8601>","channel":"HOTLINE_111","incidentCommuneCode":"21583",`,
  );
  out(`         "category":"ABUSED","formsOfHarm":["VIOLENCE"],"relatives":[],`);
  out(`         "child":{"childId":"<a new uuid>","estimatedAge":9,"sex":"FEMALE"},`);
  out(`         "narrative":"Hàng xóm báo trẻ bị đánh.","reporter":{"consentToRecordIdentity":false}}'`);
  out(
    ask(
      'commune_officer',
      '{ workQueue(first: 5) { edges { node { id status deadlines { kind dueAt status } } } } }',
    ),
  );
  if (demo?.newReport) out(`  A demo report still to forward: case ${demo.newReport}`);
  out('');

  const caseId = demo?.monitoredCase ?? '<case id>';
  out(
    'J2 — police append: an investigator adds to a case (If-Match: the revision read; Idempotency-Key: once).',
  );
  out(
    `  curl -s -X POST ${url}/cases/${caseId}/commands -H "authorization: Bearer $POLICE_INVESTIGATOR" -H 'if-match: "<revision>"' \\`,
  );
  out(
    `    -H "idempotency-key: <a new uuid>" -H 'content-type: application/json' -d '{"type":"OpenInvestigation","data":{"investigationId":"<a new uuid>","openedAt":"<now>","unit":"ca-21583"}}'`,
  );
  out('');

  out('J3 — referral pick-up: the agency sees it in its inbox; exactly one officer claims it.');
  const referral = demo?.openReferral;
  const inboxRole = referral?.toAgency === 'health' ? 'health_worker' : 'legal_aid_officer';
  out(
    ask(
      inboxRole,
      '{ referralInbox(status: "OFFERED") { edges { node { referralId caseId toAgency dueAt status } } } }',
    ),
  );
  out(
    ask(
      inboxRole,
      `mutation { referralAction(caseId: "${referral?.caseId ?? '<case id>'}", referralId: "${referral?.referralId ?? '<referral id>'}", action: claim) { id } }`,
    ),
  );
  out('');

  out('J4 — auditor replay: the case as it stood at a revision, its deadlines, and who viewed it.');
  out(
    ask(
      'auditor',
      `{ case(id: "${caseId}", asOfRevision: 5) { status revision deadlines { kind status } viewings { userId role lens viewedAt } } }`,
    ),
  );
  out(
    '  Integrity, with the platform stopped: `pnpm chungtay checkpoint --key auditor.pem --new-key --out checkpoint.json`,',
  );
  out('  then `pnpm chungtay verify --checkpoint checkpoint.json --public-key auditor.pem.pub`.');
  out(
    `  An inspection bundle, verified offline: \`pnpm chungtay export --case ${demo?.closedCase ?? '<case id>'} --out inspection --key auditor.pem\`,`,
  );
  out(
    '  then `pnpm chungtay verify-export inspection --public-key auditor.pem.pub`; compliance of a commune:',
  );
  out('  `pnpm chungtay compliance --commune 21583 --from 2026-01-01`.');
  out('');

  out('J5 — one timeline, many lenses: ask the same case with the school’s and the health worker’s tokens.');
  out(
    ask(
      'school_safety_officer',
      `{ case(id: "${demo?.sharedCase ?? caseId}") { status child { fullName sex } timeline(first: 50) { edges { node { type agency visibility data } } } } }`,
    ),
  );
  out('');

  out('J6 — compliance and the yearly figures: every deadline of a commune’s cases in 2026.');
  out(
    ask(
      'provincial_coordinator',
      '{ communeCompliance(communeCode: "21583", from: "2026-01-01", to: "2027-01-01") { deadlinesMet deadlinesMetLate deadlinesOverdue unansweredReferrals } }',
    ),
  );
  out(
    '  The yearly report for the Department of Health (platform stopped): `pnpm chungtay report --from 2026-01-01 --to 2027-01-01 --out bao-cao.xlsx` (or .html).',
  );
  if (demo?.closedCase)
    out(
      `  What the commune officer knew when case ${demo.closedCase} was closed: as auditor, case(id: …, viewAs: "commune_officer", asOf: <its CaseClosed time>).`,
    );
  out('');
  out(
    'Stop with Ctrl+C. `pnpm start -- --fresh` starts afresh (the demo is seeded again); `-- --empty` starts with no demo.',
  );
  return lines;
}
