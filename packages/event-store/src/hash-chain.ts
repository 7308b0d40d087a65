import { createHash } from 'node:crypto';
import type { StreamIntegrity } from './port.ts';

/** The stored bytes of one event that its hash covers. PostgreSQL computes the same in `chungtay.append`. */
export interface ChainedRecord {
  readonly streamId: string;
  readonly revision: number;
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly recordedAtMs: number;
  /** The data exactly as stored (JSON text; ciphertext envelopes where personal data is encrypted). */
  readonly dataText: string;
  readonly metadataText: string;
  readonly previousHash: string;
  readonly hash: string;
}

export function chainHash(
  previousHash: string,
  record: Omit<ChainedRecord, 'previousHash' | 'hash'>,
): string {
  const body = [
    record.streamId,
    record.revision,
    record.eventId,
    record.type,
    record.schemaVersion,
    record.recordedAtMs,
    record.dataText,
    record.metadataText,
  ].join('\n');
  return createHash('sha256').update(Buffer.from(previousHash, 'hex')).update(body, 'utf8').digest('hex');
}

/** Walks a stream from its first event and names the first link that does not hold. */
export function verifyChain(streamId: string, records: Iterable<ChainedRecord>): StreamIntegrity {
  let previousHash = '';
  let expectedRevision = 0;
  let events = 0;
  for (const record of records) {
    events++;
    const broken = (reason: string): StreamIntegrity => ({
      streamId,
      events,
      ok: false,
      firstBrokenLink: { revision: record.revision, eventId: record.eventId, reason },
    });
    if (record.revision !== expectedRevision) {
      return broken(`revision ${record.revision} where ${expectedRevision} was due: an event is missing`);
    }
    if (record.previousHash !== previousHash) return broken('does not link to the hash of its predecessor');
    if (chainHash(previousHash, record) !== record.hash)
      return broken('its stored bytes do not match its hash');
    previousHash = record.hash;
    expectedRevision++;
  }
  return { streamId, events, ok: true };
}
