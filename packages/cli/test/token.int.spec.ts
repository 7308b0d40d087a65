import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { embeddedIssuer } from '@chungtay/embedded';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli.ts';
import { capture } from './capture.ts';

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'chungtay-cli-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('chungtay token', () => {
  it('mints a token for a demo user that the embedded default accepts', async () => {
    const io = capture();
    expect(await run(['token', '--role', 'commune_officer'], io, dataDir)).toBe(0);
    const caller = await (await embeddedIssuer(dataDir)).verifier().verify(io.stdout.trim());
    expect(caller).toMatchObject({ role: 'commune_officer', agency: 'commune', communes: ['21583'] });
  });

  it('works before the platform ever started: it creates the data folder and the issuer key', async () => {
    const io = capture();
    const empty = join(dataDir, 'not-started-yet');
    expect(await run(['token', '--role', 'auditor'], io, empty)).toBe(0);
    expect((await (await embeddedIssuer(empty)).verifier().verify(io.stdout.trim())).role).toBe('auditor');
  });

  it('takes communes, a subject and JSON output', async () => {
    const io = capture();
    expect(
      await run(
        ['token', '--role', 'police_investigator', '--commune', '23575', '--sub', 'ca-pleiku-7', '--json'],
        io,
        dataDir,
      ),
    ).toBe(0);
    const printed = JSON.parse(io.stdout) as { token: string; claims: { communes: string[] } };
    expect(printed.claims).toMatchObject({ sub: 'ca-pleiku-7', communes: ['23575'], agency: 'police' });
    expect((await (await embeddedIssuer(dataDir)).verifier().verify(printed.token)).userId).toBe(
      'ca-pleiku-7',
    );
  });

  it.each([
    [['token'], /--role must be one of/],
    [['token', '--role', 'mayor'], /--role must be one of/],
    [['token', '--role', 'auditor', '--commune', 'Pleiku'], /--commune takes a 5-digit commune code/],
    [['token', '--role', 'auditor', '--colour', 'red'], /Unknown option/],
    [['rewind'], /unknown command rewind/],
  ])('refuses %j with exit code 2, saying why', async (argv, message) => {
    const io = capture();
    expect(await run(argv, io, dataDir)).toBe(2);
    expect(io.stderr).toMatch(message);
    expect(io.stdout).toBe('');
  });
});
