import { randomBytes } from 'node:crypto';
import { waitFor } from '@chungtay/testing';
import { describe, expect, it } from 'vitest';
import { grantApplicationRoleSql, type SqlEventStore, type SqlExecutor } from '../src/index.ts';
import { events, streamName } from './fixtures.ts';

/**
 * What the database itself guarantees, on PostgreSQL and PGlite alike. `executor` runs as a superuser, the
 * only kind of user that could tamper; the application role is created here.
 */
export interface SqlGuaranteesSubject {
  readonly store: SqlEventStore;
  /** A superuser's session. */
  readonly executor: SqlExecutor;
  /** Runs `body` with a store and a session that act as `role` (a login on a server, `set role` in PGlite). */
  asRole(role: string, body: (store: SqlEventStore, executor: SqlExecutor) => Promise<void>): Promise<void>;
}

export function sqlStoreGuarantees(engine: string, subject: () => SqlGuaranteesSubject) {
  describe(`database guarantees: ${engine}`, () => {
    it('plans a replay of many streams as the ranges asked for, each read in stream order', async () => {
      const { store } = subject();
      const mine = new Set(Array.from({ length: 40 }, () => streamName()));
      for (const stream of mine) await store.appendToStream(stream, events(3), 'no_stream');
      // A plan pins the log as readAll shows it, which a transaction elsewhere in the cluster can hold back.
      const plan = await waitFor(
        async () => {
          const planned = await store.planReplay(4);
          let read = 0;
          for (const share of planned)
            await store.replayShare(share, (event) => {
              if (mine.has(event.streamId)) read++;
            });
          return read === 120 ? planned : undefined;
        },
        { what: 'a replay plan that covers the appended events' },
      );
      expect(plan).toHaveLength(4);
      expect(plan[0]?.fromStream).toBeUndefined();
      expect(plan.at(-1)?.toStream).toBeUndefined();
      for (let share = 1; share < plan.length; share++) {
        expect(plan[share]?.fromStream).toBe(plan[share - 1]?.toStream);
        expect((plan[share]?.fromStream ?? '') > (plan[share - 1]?.fromStream ?? '')).toBe(true);
      }
      for (const share of plan) {
        const streams: string[] = [];
        await store.replayShare(share, (event) => {
          if (streams.at(-1) !== event.streamId) streams.push(event.streamId);
        });
        expect(streams.length).toBeGreaterThan(0);
        expect(streams).toEqual([...streams].sort());
        expect(
          streams.every((id) => id >= (share.fromStream ?? '') && id < (share.toStream ?? '\uffff')),
        ).toBe(true);
      }
    });

    it('refuses UPDATE, DELETE and TRUNCATE of stored events even for the owner (trigger)', async () => {
      const { store, executor } = subject();
      const stream = streamName();
      await store.appendToStream(stream, events(2), 'no_stream');
      await expect(
        executor.query(`update chungtay.events set data = '{}' where stream_id = $1`, [stream]),
      ).rejects.toThrow(/append-only: UPDATE refused/);
      await expect(
        executor.query('delete from chungtay.events where stream_id = $1', [stream]),
      ).rejects.toThrow(/append-only: DELETE refused/);
      await expect(executor.exec('truncate chungtay.events')).rejects.toThrow(
        /append-only: TRUNCATE refused/,
      );
      expect(await store.readStream(stream)).toHaveLength(2);
    });

    it('gives the application role reads and the append function, and nothing else', async () => {
      const { store, executor, asRole } = subject();
      const role = `chungtay_app_${randomBytes(4).toString('hex')}`;
      await executor.exec(`create role ${role} login`);
      try {
        await executor.exec(grantApplicationRoleSql(role));
        const stream = streamName();
        await store.appendToStream(stream, events(1), 'no_stream');
        await asRole(role, async (roleStore, roleExecutor) => {
          const [who] = await roleExecutor.query<{ user: string }>('select current_user as user');
          expect(who?.user).toBe(role);
          // Appending through the function works as the application role...
          await roleStore.appendToStream(stream, events(1), 0);
          expect(await roleStore.readStream(stream)).toHaveLength(2);
          // ...but no direct write, so nothing can bypass the hash chain.
          for (const statement of [
            `update chungtay.events set data = '{}' where stream_id = '${stream}'`,
            `delete from chungtay.events where stream_id = '${stream}'`,
            'truncate chungtay.events',
            `insert into chungtay.events (transaction_id, stream_id, stream_revision, event_id, event_type,
               schema_version, data, metadata, recorded_at, previous_hash, hash)
             values (pg_current_xact_id(), '${stream}', 2, gen_random_uuid(), 'Forged', 1, '{}', '{}', now(), '', '')`,
          ]) {
            await expect(roleExecutor.exec(statement)).rejects.toThrow(/permission denied/);
          }
        });
        expect(await store.readStream(stream)).toHaveLength(2);
      } finally {
        await executor.exec(`drop owned by ${role}; drop role ${role}`);
      }
    });

    it('names the first broken link when a superuser alters, relinks or removes a stored event', async () => {
      const { store, executor } = subject();
      const tamper = async (sql: string, params: unknown[]) => {
        // Bypassing the triggers needs a superuser: exactly the insider the chain is there to catch.
        await executor.exec('set session_replication_role = replica');
        try {
          await executor.query(sql, params);
        } finally {
          await executor.exec('set session_replication_role = origin');
        }
      };

      const altered = streamName();
      await store.appendToStream(altered, events(4), 'no_stream');
      await tamper(
        `update chungtay.events set data = '{"n":99}' where stream_id = $1 and stream_revision = 1`,
        [altered],
      );
      expect(await store.verifyStream(altered)).toMatchObject({
        ok: false,
        firstBrokenLink: { revision: 1, reason: expect.stringMatching(/stored bytes/) },
      });

      // A careful forger recomputes the altered event's own hash: the next event no longer links to it.
      const relinked = streamName();
      await store.appendToStream(relinked, events(3), 'no_stream');
      await tamper(
        `update chungtay.events set data = '{"n":42}', hash = sha256(hash) where stream_id = $1 and stream_revision = 1`,
        [relinked],
      );
      const relinkedResult = await store.verifyStream(relinked);
      expect(relinkedResult.ok).toBe(false);
      expect(relinkedResult.firstBrokenLink?.revision).toBe(1);

      const removed = streamName();
      await store.appendToStream(removed, events(4), 'no_stream');
      await tamper('delete from chungtay.events where stream_id = $1 and stream_revision = 2', [removed]);
      expect(await store.verifyStream(removed)).toMatchObject({
        ok: false,
        firstBrokenLink: { revision: 3, reason: expect.stringMatching(/missing/) },
      });
    });

    it('refuses an append that is not the first write of its transaction (it would break per-stream order)', async () => {
      const { executor } = subject();
      await expect(
        executor.exec(`begin;
          create temporary table scratch (x int); insert into scratch values (1);
          select * from chungtay.append('case-x', -1, array[gen_random_uuid()], array['ThingHappened'], array[1],
            array['{}'], array['{}']);
          commit;`),
      ).rejects.toThrow(/first write of its transaction/);
      await executor.exec('rollback').catch(() => undefined);
    });
  });
}
