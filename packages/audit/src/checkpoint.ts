import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import { type EventStore, formatPosition, type GlobalPosition, START } from '@chungtay/event-store';
import { z } from 'zod';
import { consistencyProof, inclusionProof, leafHash, subtreeRoot, verifyConsistency } from './merkle.ts';

/** A leaf of the log tree: one event, by its id and its hash-chain hash (which covers its content). */
export const eventLeaf = (event: { readonly id: string; readonly hash: string }): Buffer =>
  leafHash(Buffer.from(`${event.id}\n${event.hash}`, 'utf8'));

/** The global log as leaves, in the store's global order, with the position of the last one. */
export async function logLeaves(
  store: EventStore,
  onProgress?: (read: number) => void,
): Promise<{ leaves: Buffer[]; ids: string[]; streams: Set<string>; last: GlobalPosition }> {
  const leaves: Buffer[] = [];
  const ids: string[] = [];
  const streams = new Set<string>();
  let after: GlobalPosition = START;
  for (;;) {
    const page = await store.readAll({ after, maxCount: 10_000 });
    if (page.length === 0) return { leaves, ids, streams, last: after };
    for (const event of page) {
      leaves.push(eventLeaf(event));
      ids.push(event.id);
      streams.add(event.streamId);
    }
    after = (page.at(-1) as (typeof page)[number]).position;
    onProgress?.(leaves.length);
  }
}

export const Checkpoint = z.object({
  /** How many events of the global log the root covers. */
  size: z.number().int().min(0),
  /** The global position of the last of them. */
  position: z.string(),
  root: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: z.iso.datetime({ offset: true }),
  /** Which auditor key signed it (its public key's fingerprint). */
  keyId: z.string(),
  signature: z.string(),
});
export type Checkpoint = z.infer<typeof Checkpoint>;

const signedBytes = (checkpoint: Omit<Checkpoint, 'signature'>) =>
  Buffer.from(
    JSON.stringify([
      checkpoint.size,
      checkpoint.position,
      checkpoint.root,
      checkpoint.createdAt,
      checkpoint.keyId,
    ]),
    'utf8',
  );

/** An auditor's Ed25519 key pair, kept outside the system; the public half verifies checkpoints. */
export class AuditorKey {
  private constructor(
    private readonly privateKey: KeyObject | undefined,
    readonly publicKey: KeyObject,
  ) {}

  static generate(): AuditorKey {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    return new AuditorKey(privateKey, publicKey);
  }

  static fromPrivatePem(pem: string): AuditorKey {
    const privateKey = createPrivateKey(pem);
    return new AuditorKey(privateKey, createPublicKey(privateKey));
  }

  static fromPublicPem(pem: string): AuditorKey {
    return new AuditorKey(undefined, createPublicKey(pem));
  }

  get keyId(): string {
    return (this.publicKey.export({ format: 'der', type: 'spki' }) as Buffer)
      .subarray(-32)
      .toString('hex')
      .slice(0, 16);
  }

  privatePem(): string {
    if (!this.privateKey) throw new Error('this is a public key only');
    return this.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  }

  publicPem(): string {
    return this.publicKey.export({ format: 'pem', type: 'spki' }).toString();
  }

  sign(body: Omit<Checkpoint, 'signature' | 'keyId'>): Checkpoint {
    if (!this.privateKey) throw new Error('signing needs the private key');
    const unsigned = { ...body, keyId: this.keyId };
    return { ...unsigned, signature: sign(null, signedBytes(unsigned), this.privateKey).toString('base64') };
  }

  verifies(checkpoint: Checkpoint): boolean {
    if (checkpoint.keyId !== this.keyId) return false;
    const { signature, ...unsigned } = checkpoint;
    return verify(null, signedBytes(unsigned), this.publicKey, Buffer.from(signature, 'base64'));
  }
}

/** Signs a checkpoint over the whole global log as it stands. */
export async function createCheckpoint(
  store: EventStore,
  key: AuditorKey,
  now = new Date(),
): Promise<Checkpoint> {
  const { leaves, last } = await logLeaves(store);
  return key.sign({
    size: leaves.length,
    position: formatPosition(last),
    root: subtreeRoot(leaves).toString('hex'),
    createdAt: now.toISOString(),
  });
}

export type LogVerdict =
  | {
      readonly ok: true;
      readonly size: number;
      readonly checkpointSize: number;
      /** How many streams' hash chains were recomputed. */
      readonly streamsVerified: number;
      readonly consistency: readonly string[];
    }
  | {
      readonly ok: false;
      readonly reason: 'bad-signature' | 'truncated' | 'rewritten' | 'altered';
      readonly detail: string;
    };

/**
 * Checks the log against a checkpoint an auditor kept. The leaves commit to each event's chain hash, and the
 * chain hash to the event's stored bytes, so both are checked:
 * - every stream's hash chain, recomputed from the stored bytes (an edited event is caught here);
 * - the signature; that the log still holds at least as many events (truncation); and that its first `size`
 *   events hash to the signed root (a history rewritten with fresh hashes is caught here).
 * A consistency proof from the checkpoint to today's log is returned, for anyone holding only the old root.
 */
export async function verifyLog(
  store: EventStore,
  checkpoint: Checkpoint,
  key: AuditorKey,
  options: {
    /** Only these streams' hash chains (a case, a commune's cases); the log's root is checked whole. */
    readonly streams?: ReadonlySet<string>;
    readonly onProgress?: (read: number) => void;
  } = {},
): Promise<LogVerdict> {
  if (!key.verifies(checkpoint))
    return { ok: false, reason: 'bad-signature', detail: 'the checkpoint’s signature does not verify' };
  const { leaves, streams: present } = await logLeaves(store, options.onProgress);
  const streams = options.streams ?? present;
  for (const streamId of streams) {
    if (!present.has(streamId))
      return { ok: false, reason: 'truncated', detail: `${streamId}: no event of it is in the log` };
    const integrity = await store.verifyStream(streamId);
    if (!integrity.ok)
      return {
        ok: false,
        reason: 'altered',
        detail: `${streamId}: ${integrity.firstBrokenLink?.reason ?? 'broken'} at revision ${integrity.firstBrokenLink?.revision}`,
      };
  }
  if (leaves.length < checkpoint.size)
    return {
      ok: false,
      reason: 'truncated',
      detail: `the log holds ${leaves.length} events; the checkpoint covers ${checkpoint.size}`,
    };
  const root = subtreeRoot(leaves, 0, checkpoint.size).toString('hex');
  if (root !== checkpoint.root)
    return {
      ok: false,
      reason: 'rewritten',
      detail: `the first ${checkpoint.size} events hash to ${root}, not the signed ${checkpoint.root}`,
    };
  const consistency =
    checkpoint.size === 0
      ? []
      : consistencyProof(leaves, checkpoint.size).map((hash) => hash.toString('hex'));
  return {
    ok: true,
    size: leaves.length,
    checkpointSize: checkpoint.size,
    streamsVerified: streams.size,
    consistency,
  };
}

/** Offline: does a newer checkpoint extend an older one (both signed by the key)? */
export function checkpointsConsistent(
  older: Checkpoint,
  newer: Checkpoint,
  proof: readonly string[],
  key: AuditorKey,
): boolean {
  if (!key.verifies(older) || !key.verifies(newer)) return false;
  return verifyConsistency(
    older.size,
    newer.size,
    Buffer.from(older.root, 'hex'),
    Buffer.from(newer.root, 'hex'),
    proof.map((hash) => Buffer.from(hash, 'hex')),
  );
}

/** An inclusion proof for one event in the log a checkpoint covers. */
export async function proveInclusion(
  store: EventStore,
  checkpoint: Checkpoint,
  eventId: string,
): Promise<{ index: number; leaf: string; proof: string[] } | undefined> {
  const { leaves, ids } = await logLeaves(store);
  const index = ids.indexOf(eventId);
  if (index < 0 || index >= checkpoint.size) return undefined;
  return {
    index,
    leaf: (leaves[index] as Buffer).toString('hex'),
    proof: inclusionProof(leaves, index, checkpoint.size).map((hash) => hash.toString('hex')),
  };
}
