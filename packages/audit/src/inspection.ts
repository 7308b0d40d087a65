import { communeLabel, eventDefinitions } from '@chungtay/contracts';
import {
  chainHash,
  type EventStore,
  formatPosition,
  isErased,
  isSealed,
  type RecordedEvent,
} from '@chungtay/event-store';
import { z } from 'zod';
import { type AuditorKey, Checkpoint, eventLeaf, logLeaves } from './checkpoint.ts';
import { inclusionProof, verifyInclusion } from './merkle.ts';

/** One event of the case as stored (personal fields sealed), with its proof of inclusion in the checkpoint. */
const BundledEvent = z.object({
  id: z.string(),
  streamId: z.string(),
  revision: z.number().int().min(0),
  type: z.string(),
  schemaVersion: z.number().int(),
  recordedAtMs: z.number().int(),
  data: z.unknown(),
  metadata: z.unknown(),
  previousHash: z.string(),
  hash: z.string(),
  position: z.string(),
  /** Its index in the global log, and the audit path to the checkpoint's root. */
  index: z.number().int().min(0),
  proof: z.array(z.string().regex(/^[0-9a-f]{64}$/)),
});

/** An inspection bundle: a case's whole stream as stored, a signed checkpoint, and a proof per event. */
export const InspectionBundle = z.object({
  format: z.literal('chungtay-inspection-bundle/1'),
  caseId: z.uuid(),
  exportedAt: z.iso.datetime({ offset: true }),
  checkpoint: Checkpoint,
  events: z.array(BundledEvent),
  /** The personal fields opened for the inspector at export (outside the proofs: see the readable page). */
  opened: z.record(z.string(), z.unknown()).optional(),
});
export type InspectionBundle = z.infer<typeof InspectionBundle>;

export type BundleVerdict =
  | { readonly ok: true; readonly events: number; readonly checkpointSize: number }
  | { readonly ok: false; readonly reason: string; readonly eventId?: string };

/**
 * Exports a case for an inspection: every event of its stream that the checkpoint covers, as stored, each
 * with its inclusion proof. `readable` (the store with personal fields opened, when the exporter holds the
 * key) adds the opened data for the readable page; the proofs never depend on it.
 */
export async function exportCase(
  stored: EventStore,
  caseId: string,
  checkpoint: Checkpoint,
  options: {
    readonly readable?: EventStore;
    readonly now?: Date;
    readonly onProgress?: (read: number) => void;
  } = {},
): Promise<InspectionBundle> {
  const streamId = `case-${caseId}`;
  const events = await stored.readStream(streamId);
  const { leaves, ids } = await logLeaves(stored, options.onProgress);
  const indexOf = new Map(ids.map((id, index) => [id, index]));
  const covered = events.filter(
    (event) => (indexOf.get(event.id) ?? Number.POSITIVE_INFINITY) < checkpoint.size,
  );
  const opened = options.readable
    ? Object.fromEntries(
        (await options.readable.readStream(streamId))
          .filter((event) => covered.some((candidate) => candidate.id === event.id))
          .map((event) => [event.id, event.data]),
      )
    : undefined;
  return {
    format: 'chungtay-inspection-bundle/1',
    caseId,
    exportedAt: (options.now ?? new Date()).toISOString(),
    checkpoint,
    events: covered.map((event: RecordedEvent) => {
      const index = indexOf.get(event.id) as number;
      return {
        id: event.id,
        streamId: event.streamId,
        revision: event.revision,
        type: event.type,
        schemaVersion: event.schemaVersion,
        recordedAtMs: event.recordedAt.getTime(),
        data: event.data,
        metadata: event.metadata,
        previousHash: event.previousHash,
        hash: event.hash,
        position: formatPosition(event.position),
        index,
        proof: inclusionProof(leaves, index, checkpoint.size).map((hash) => hash.toString('hex')),
      };
    }),
    ...(opened ? { opened } : {}),
  };
}

/**
 * Verifies a bundle offline, with only the auditor's public key: the checkpoint's signature, the case's hash
 * chain recomputed from the stored bytes from revision 0, and every event's inclusion under the root.
 */
export function verifyBundle(input: unknown, key: AuditorKey): BundleVerdict {
  const parsed = InspectionBundle.safeParse(input);
  if (!parsed.success)
    return { ok: false, reason: `not an inspection bundle (${parsed.error.issues[0]?.path.join('.')})` };
  const bundle = parsed.data;
  if (!key.verifies(bundle.checkpoint))
    return { ok: false, reason: 'the checkpoint’s signature does not verify' };
  const root = Buffer.from(bundle.checkpoint.root, 'hex');
  let previousHash = '';
  for (const [revision, event] of bundle.events.entries()) {
    const broken = (reason: string): BundleVerdict => ({ ok: false, reason, eventId: event.id });
    if (event.streamId !== `case-${bundle.caseId}`) return broken('an event of another stream');
    if (event.revision !== revision) return broken(`revision ${event.revision} where ${revision} belongs`);
    if (event.previousHash !== previousHash) return broken('the chain to the previous event is broken');
    const recomputed = chainHash(previousHash, {
      streamId: event.streamId,
      revision: event.revision,
      eventId: event.id,
      type: event.type,
      schemaVersion: event.schemaVersion,
      recordedAtMs: event.recordedAtMs,
      dataText: JSON.stringify(event.data),
      metadataText: JSON.stringify(event.metadata),
    });
    if (recomputed !== event.hash) return broken('the event’s content does not match its hash (altered)');
    const proof = event.proof.map((hash) => Buffer.from(hash, 'hex'));
    if (!verifyInclusion(eventLeaf(event), event.index, bundle.checkpoint.size, proof, root))
      return broken('the event is not in the log the checkpoint signs');
    previousHash = event.hash;
  }
  return { ok: true, events: bundle.events.length, checkpointSize: bundle.checkpoint.size };
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
const vietnamTime = (ms: number) =>
  new Intl.DateTimeFormat('vi-VN', {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone: 'Asia/Ho_Chi_Minh',
  }).format(ms);

/** A value for the page: sealed fields say so, erased ones too. */
const shown = (value: unknown): unknown => {
  if (isErased(value)) return '[đã xóa theo yêu cầu]';
  if (isSealed(value)) return '[đã mã hóa]';
  if (Array.isArray(value)) return value.map(shown);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([field, inner]) => [field, shown(inner)]));
  return value;
};

/** The bundle as a page in Vietnamese: the case's timeline, who wrote each step, and how to verify it. */
export function inspectionHtml(bundle: InspectionBundle): string {
  const report = bundle.events.find((event) => event.type === 'ReportReceived')?.data as
    | { incidentCommuneCode?: string }
    | undefined;
  const rows = bundle.events
    .map((event) => {
      const definition = (eventDefinitions as Record<string, { title?: string }>)[event.type];
      const actor = event.metadata as { actor?: { role?: string; agency?: string; userId?: string } };
      const data = bundle.opened?.[event.id] ?? event.data;
      return `<tr><td>${event.revision}</td><td>${escapeHtml(vietnamTime(event.recordedAtMs))}</td><td>${escapeHtml(definition?.title ?? event.type)}<br><small>${escapeHtml(event.type)}</small></td><td>${escapeHtml(`${actor.actor?.agency ?? ''} · ${actor.actor?.role ?? ''}`)}<br><small>${escapeHtml(actor.actor?.userId ?? '')}</small></td><td><pre>${escapeHtml(JSON.stringify(shown(data), null, 1))}</pre></td><td><small>${event.hash.slice(0, 16)}…</small></td></tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="vi">
<head><meta charset="utf-8"><title>Hồ sơ vụ việc ${escapeHtml(bundle.caseId)} — trích xuất phục vụ thanh tra</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem;vertical-align:top;text-align:left}pre{margin:0;white-space:pre-wrap;max-width:40rem}</style></head>
<body>
<h1>Hồ sơ vụ việc — trích xuất phục vụ thanh tra</h1>
<p>Mã vụ việc: ${escapeHtml(bundle.caseId)}${report?.incidentCommuneCode ? ` · Địa bàn: ${escapeHtml(communeLabel(report.incidentCommuneCode))}` : ''} · Trích xuất lúc ${escapeHtml(vietnamTime(Date.parse(bundle.exportedAt)))}</p>
<p>Gồm ${bundle.events.length} sự kiện, mỗi sự kiện kèm bằng chứng thuộc nhật ký đã được thanh tra viên ký (mốc ${bundle.checkpoint.size} sự kiện, gốc ${bundle.checkpoint.root}, khóa ${escapeHtml(bundle.checkpoint.keyId)}, lúc ${escapeHtml(bundle.checkpoint.createdAt)}).</p>
<p>Kiểm tra không cần kết nối: <code>chungtay verify-export ${escapeHtml('<thư mục>')} --public-key ${escapeHtml('<khóa công khai>')}</code>. Bằng chứng bao phủ dữ liệu như được lưu (trường cá nhân ở dạng mã hóa); nội dung đã giải mã trên trang này do người trích xuất mở bằng khóa của hệ thống.</p>
<table><thead><tr><th>#</th><th>Thời điểm ghi</th><th>Bước</th><th>Cơ quan · vai trò</th><th>Nội dung</th><th>Mã băm</th></tr></thead>
<tbody>
${rows}
</tbody></table>
</body>
</html>
`;
}
