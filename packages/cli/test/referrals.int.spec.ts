import { randomUUID } from 'node:crypto';
import { resilientPool } from '@chungtay/event-store';
import { postgresDatabase } from '@chungtay/messaging';
import { ReferralReadModel } from '@chungtay/referral';
import { createTestDatabase, type TestDatabase } from '@chungtay/testing';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli.ts';
import { capture } from './capture.ts';

// Issue 17, item 5: a reaction set aside after failing is seen by an operator, and retried by one.
let database: TestDatabase;
let pool: pg.Pool;
let readModel: ReferralReadModel;

beforeAll(async () => {
  database = await createTestDatabase('cli_referrals');
  pool = resilientPool({ connectionString: database.url, max: 2 });
  readModel = new ReferralReadModel(postgresDatabase(pool));
  await readModel.migrate();
});
afterAll(async () => {
  await pool?.end();
  await database?.drop();
});

describe('chungtay referrals', () => {
  it('lists the reactions set aside, and makes one pending again', async () => {
    const eventId = randomUUID();
    const caseId = randomUUID();
    await pool.query(
      'insert into referral_service.triggers (event_id, case_id, trigger) values ($1, $2, $3)',
      [
        eventId,
        caseId,
        JSON.stringify({
          eventId,
          caseId,
          type: 'SexualAbuseReported',
          receivedAt: '2026-03-02T08:00:00+07:00',
        }),
      ],
    );
    const now = new Date('2026-03-02T12:00:00+07:00');
    for (let attempt = 1; attempt <= 5; attempt++)
      expect(await readModel.triggerFailed(eventId, 'ReferralNotFound: no such case', now)).toBe(
        attempt < 5 ? 'retry' : 'set-aside',
      );

    const listed = capture();
    expect(await run(['referrals', 'failed', '--database-url', database.url, '--json'], listed, '.')).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([
      {
        eventId,
        caseId,
        type: 'SexualAbuseReported',
        attempts: 5,
        failure: 'ReferralNotFound: no such case',
      },
    ]);
    const readable = capture();
    expect(await run(['referrals', 'failed', '--database-url', database.url], readable, '.')).toBe(0);
    expect(readable.stdout).toContain(`${eventId}  case ${caseId}  SexualAbuseReported  5 tries`);

    const retried = capture();
    expect(await run(['referrals', 'retry', eventId, '--database-url', database.url], retried, '.')).toBe(0);
    expect(retried.stdout).toBe(`pending again: ${eventId}\n`);
    expect((await readModel.pendingTriggers(now)).map((trigger) => trigger.eventId)).toContain(eventId);
    expect(await readModel.failedTriggers()).toEqual([]);

    const unknown = capture();
    expect(
      await run(['referrals', 'retry', randomUUID(), '--database-url', database.url], unknown, '.'),
    ).toBe(1);
  });

  it('names what is missing: the action, the event id, the database', async () => {
    const io = capture();
    expect(await run(['referrals'], io, '.')).toBe(2);
    expect(io.stderr).toContain('say failed or retry');
    expect(await run(['referrals', 'retry', '--database-url', database.url], io, '.')).toBe(2);
    expect(io.stderr).toContain('name the event id');
    expect(await run(['referrals', 'failed'], io, '.')).toBe(2);
    expect(io.stderr).toContain('--database-url is required');
  });
});
