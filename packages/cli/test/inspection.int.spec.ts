import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditorKey } from '@chungtay/audit';
import { ChildApplication } from '@chungtay/case';
import { type DemoShowcase, openDemoStore, seedDemo } from '@chungtay/demo';
import { MasterKey, pgliteExecutor } from '@chungtay/event-store';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli.ts';
import { capture } from './capture.ts';

let dataDir: string;
let showcase: DemoShowcase;
let auditorKey: string;
let cases: number;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'chungtay-cli-'));
  const masterKey = MasterKey.generate();
  await writeFile(join(dataDir, 'master.key'), `${masterKey.toBase64()}\n`, { mode: 0o600 });
  const { store, childIndex } = await openDemoStore({ dataDir: join(dataDir, 'pglite'), masterKey });
  const summary = await seedDemo({
    store,
    childIndex,
    now: new Date('2026-11-20T10:00:00+07:00'),
    cases: 14,
  });
  showcase = summary.showcase;
  cases = summary.cases;
  await store.close();
  auditorKey = join(dataDir, 'auditor.pem');
  const key = AuditorKey.generate();
  await writeFile(auditorKey, key.privatePem(), { mode: 0o600 });
  await writeFile(`${auditorKey}.pub`, key.publicPem());
}, 120_000);
afterAll(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const chungtay = async (...argv: string[]) => {
  const io = capture();
  const code = await run(argv, io, dataDir);
  return { code, ...io };
};

describe('the auditor’s CLI on the embedded data', () => {
  it('replays every case, and one case as it stood at a revision', async () => {
    const all = await chungtay('replay', '--json');
    expect(all.code).toBe(0);
    expect(JSON.parse(all.stdout)).toMatchObject({ cases });
    expect(all.stderr).toContain('xong');
    const closed = showcase.closedCase as string;
    const now = JSON.parse((await chungtay('replay', '--case', closed, '--json')).stdout);
    expect(now.status).toBe('CLOSED');
    const first = JSON.parse(
      (await chungtay('replay', '--case', closed, '--as-of-revision', '0', '--json')).stdout,
    );
    expect(['REPORTED', 'AT_COMMUNE']).toContain(first.status);
    expect(first.events).toHaveLength(1);
    expect((await chungtay('replay', '--case', '00000000-0000-4000-8000-000000000000')).code).toBe(1);
    expect((await chungtay('replay', '--case', 'not-a-case')).code).toBe(2);
  });

  it('lists compliance for a commune, naming a bad commune code', async () => {
    const answer = await chungtay('compliance', '--commune', '21583', '--from', '2026-01-01', '--json');
    expect(answer.code).toBe(0);
    const report = JSON.parse(answer.stdout);
    expect(report.lines.length).toBeGreaterThan(0);
    expect(report.lines.every((line: { communeCode: string }) => line.communeCode === '21583')).toBe(true);
    const text = await chungtay('compliance', '--commune', '21583');
    expect(text.stdout).toMatch(/deadlines met \d+, met late \d+, recorded after the miss \d+, overdue \d+/);
    const bad = await chungtay('compliance', '--commune', 'Quy Nhơn');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--commune');
  });

  it('exports a case with its proofs, verified offline; a tampered bundle fails', async () => {
    const out = join(dataDir, 'inspection');
    const exported = await chungtay(
      'export',
      '--case',
      showcase.closedCase as string,
      '--out',
      out,
      '--key',
      auditorKey,
    );
    expect(exported.code).toBe(0);
    expect(existsSync(join(out, 'index.html'))).toBe(true);
    expect(await readFile(join(out, 'index.html'), 'utf8')).toContain('trích xuất phục vụ thanh tra');
    const verified = await chungtay('verify-export', out, '--public-key', `${auditorKey}.pub`);
    expect(verified).toMatchObject({ code: 0 });
    expect(verified.stdout).toMatch(/^OK/);
    const bundle = JSON.parse(await readFile(join(out, 'bundle.json'), 'utf8'));
    bundle.events[1].metadata.actor.userId = 'someone-else';
    await writeFile(join(out, 'bundle.json'), JSON.stringify(bundle));
    const tampered = await chungtay('verify-export', out, '--public-key', `${auditorKey}.pub`);
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toContain('altered');
    expect((await chungtay('export', '--case', showcase.closedCase as string, '--out', out)).code).toBe(2);
  });

  it('writes the yearly report as XLSX and HTML, pinned to the log, and names bad arguments', async () => {
    const xlsx = join(dataDir, 'bao-cao.xlsx');
    const html = join(dataDir, 'bao-cao.html');
    expect((await chungtay('report', '--from', '2026-01-01', '--to', '2027-01-01', '--out', xlsx)).code).toBe(
      0,
    );
    const json = await chungtay(
      'report',
      '--from',
      '2026-01-01',
      '--to',
      '2027-01-01',
      '--out',
      html,
      '--json',
    );
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report.province.reportsReceived).toBe(cases);
    expect(await readFile(html, 'utf8')).toContain(report.pinnedTo.root);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsx);
    expect(workbook.getWorksheet('Tổng hợp')?.getCell('B3').value).toBe(cases);
    const pinned = await chungtay(
      'report',
      '--from',
      '2026-01-01',
      '--to',
      '2027-01-01',
      '--up-to',
      String(report.pinnedTo.logSize),
      '--json',
    );
    expect(JSON.parse(pinned.stdout).pinnedTo).toEqual(report.pinnedTo);
    expect(
      (await chungtay('report', '--from', '2026-01-01', '--to', '2027-01-01', '--up-to', '999999999')).code,
    ).toBe(2);
    const bad = await chungtay('report', '--from', '1/1/2026', '--to', '2027-01-01');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--from');
    expect(
      (await chungtay('report', '--from', '2026-01-01', '--to', '2027-01-01', '--out', 'x.pdf')).code,
    ).toBe(2);
  });

  it('after a child is erased, the export and the yearly report hold nothing of them, and an earlier checkpoint still verifies', async () => {
    const closed = showcase.closedCase as string;
    const before = join(dataDir, 'checkpoint-before-erasure.json');
    expect((await chungtay('checkpoint', '--key', auditorKey, '--out', before)).code).toBe(0);
    // The provincial coordinator's erasure, through the child record's own command.
    const masterKey = MasterKey.fromBase64((await readFile(join(dataDir, 'master.key'), 'utf8')).trim());
    const { store, childIndex } = await openDemoStore({ dataDir: join(dataDir, 'pglite'), masterKey });
    let fullName: string;
    try {
      const [received] = await store.readStream(`case-${closed}`);
      const child = (received?.data as { child?: { childId: string; fullName?: string } } | undefined)?.child;
      if (!child?.fullName) throw new Error('the closed demo case names no child');
      fullName = child.fullName;
      const children = new ChildApplication(
        store,
        childIndex,
        () => new Date(),
        (subject, reason) => store.eraseSubject(subject, reason),
      );
      const record = await children.load(child.childId);
      expect(record.revision).toBeDefined();
      const erased = await children.handle(
        child.childId,
        {
          type: 'EraseChildData',
          data: { erasedAt: new Date().toISOString(), grounds: 'GUARDIAN_REQUEST', reference: '21/PYC-SYT' },
        },
        {
          caller: {
            userId: 'demo-provincial',
            agency: 'provincial',
            role: 'provincial_coordinator',
            communes: [],
            token: '',
          },
          expectedRevision: record.revision as number,
        },
      );
      expect(erased.events).toEqual(['ChildDataErased']);
    } finally {
      await store.close();
    }
    const out = join(dataDir, 'inspection-after-erasure');
    expect((await chungtay('export', '--case', closed, '--out', out, '--key', auditorKey)).code).toBe(0);
    for (const file of await readdir(out)) {
      const text = await readFile(join(out, file), 'utf8');
      expect(text.includes(fullName), `${fullName} in ${file}`).toBe(false);
    }
    expect(await readFile(join(out, 'bundle.json'), 'utf8')).toMatch(/"\$erased": ?true/);
    const html = join(dataDir, 'bao-cao-sau-xoa.html');
    const report = await chungtay(
      'report',
      '--from',
      '2026-01-01',
      '--to',
      '2027-01-01',
      '--out',
      html,
      '--json',
    );
    expect(report.code).toBe(0);
    expect(`${report.stdout}${await readFile(html, 'utf8')}`.includes(fullName)).toBe(false);
    // The log was not rewritten: the checkpoint signed before the erasure still verifies the case.
    const verified = await chungtay(
      'verify',
      '--checkpoint',
      before,
      '--public-key',
      `${auditorKey}.pub`,
      '--case',
      closed,
      '--json',
    );
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true });
  });

  it('verifies one case or a commune’s cases against a checkpoint, and reports the one altered (runs last: it tampers)', async () => {
    const checkpoint = join(dataDir, 'checkpoint.json');
    expect((await chungtay('checkpoint', '--key', auditorKey, '--out', checkpoint)).code).toBe(0);
    const verify = (...scope: string[]) =>
      chungtay('verify', '--checkpoint', checkpoint, '--public-key', `${auditorKey}.pub`, ...scope, '--json');
    const closed = showcase.closedCase as string;
    const one = await verify('--case', closed);
    expect(one.code).toBe(0);
    expect(JSON.parse(one.stdout)).toMatchObject({ ok: true, streamsVerified: 1 });
    const compliance = JSON.parse((await chungtay('compliance', '--commune', '21583', '--json')).stdout);
    const commune = await verify('--commune', '21583');
    expect(JSON.parse(commune.stdout)).toMatchObject({ ok: true, streamsVerified: compliance.lines.length });
    expect((await verify('--case', '00000000-0000-4000-8000-000000000000')).code).toBe(1);
    expect((await verify('--commune', 'Pleiku')).code).toBe(2);

    // Someone with the database owner's rights edits one event of the closed case.
    const executor = await pgliteExecutor(join(dataDir, 'pglite'));
    await executor.exec(`
      alter table chungtay.events disable trigger events_append_only_rows;
      update chungtay.events set data = replace(data, 'RISK_RESOLVED', 'OTHER')
        where stream_id = 'case-${closed}' and event_type = 'CaseClosed';
      alter table chungtay.events enable trigger events_append_only_rows;`);
    await executor.close();
    const altered = await verify('--case', closed);
    expect(altered.code).toBe(1);
    expect(JSON.parse(altered.stdout)).toMatchObject({ ok: false, reason: 'altered' });
    expect((await verify('--commune', '21583')).code).toBe(1);
    const other = (compliance.lines as Array<{ caseId: string }>).find((line) => line.caseId !== closed);
    expect((await verify('--case', other?.caseId as string)).code).toBe(0);
  });
});
