import { createHash } from 'node:crypto';

/**
 * A Merkle tree over the global log, as RFC 6962 / RFC 9162 define it (the Certificate Transparency tree): a
 * leaf hashes 0x00 ‖ data, a node 0x01 ‖ left ‖ right, and a tree of n leaves splits at the largest power of
 * two below n. Inclusion and consistency proofs follow RFC 9162 §2.1.3–2.1.4, so any CT-style verifier can check them.
 */
const sha256 = (...parts: Buffer[]) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};
const LEAF = Buffer.from([0x00]);
const NODE = Buffer.from([0x01]);

export const leafHash = (data: Buffer): Buffer => sha256(LEAF, data);
export const nodeHash = (left: Buffer, right: Buffer): Buffer => sha256(NODE, left, right);

/** The largest power of two strictly below n (n > 1). */
const split = (n: number): number => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};

/** The root of the tree over leaf hashes [from, to): O(n) hashes, recursion as deep as log2(n). */
export function subtreeRoot(leaves: readonly Buffer[], from = 0, to = leaves.length): Buffer {
  const n = to - from;
  if (n === 0) return sha256();
  if (n === 1) return leaves[from] as Buffer;
  const k = split(n);
  return nodeHash(subtreeRoot(leaves, from, from + k), subtreeRoot(leaves, from + k, to));
}

/** The audit path of leaf `index` in the tree of the first `size` leaves (RFC 9162 PATH). */
export function inclusionProof(leaves: readonly Buffer[], index: number, size = leaves.length): Buffer[] {
  if (index < 0 || index >= size || size > leaves.length) throw new RangeError('leaf index outside the tree');
  const path = (m: number, from: number, to: number): Buffer[] => {
    const n = to - from;
    if (n <= 1) return [];
    const k = split(n);
    return m < k
      ? [...path(m, from, from + k), subtreeRoot(leaves, from + k, to)]
      : [...path(m - k, from + k, to), subtreeRoot(leaves, from, from + k)];
  };
  return path(index, 0, size);
}

/** Whether `leaf` is the `index`-th of a tree of `size` leaves with this root (RFC 9162 §2.1.3.2). */
export function verifyInclusion(
  leaf: Buffer,
  index: number,
  size: number,
  proof: readonly Buffer[],
  root: Buffer,
): boolean {
  if (index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if ((fn & 1) === 1 || fn === sn) {
      r = nodeHash(p, r);
      if ((fn & 1) === 0) while ((fn & 1) === 0 && fn !== 0) [fn, sn] = [fn >>> 1, sn >>> 1];
    } else r = nodeHash(r, p);
    [fn, sn] = [fn >>> 1, sn >>> 1];
  }
  return sn === 0 && r.equals(root);
}

/** Proof that the tree of the first `first` leaves is a prefix of the tree of `second` (RFC 9162 PROOF). */
export function consistencyProof(leaves: readonly Buffer[], first: number, second = leaves.length): Buffer[] {
  if (first < 1 || first > second || second > leaves.length) throw new RangeError('sizes outside the tree');
  const sub = (m: number, from: number, to: number, complete: boolean): Buffer[] => {
    const n = to - from;
    if (m === n) return complete ? [] : [subtreeRoot(leaves, from, to)];
    const k = split(n);
    return m <= k
      ? [...sub(m, from, from + k, complete), subtreeRoot(leaves, from + k, to)]
      : [...sub(m - k, from + k, to, false), subtreeRoot(leaves, from, from + k)];
  };
  return sub(first, 0, second, true);
}

/** Whether a tree of `second` leaves with `secondRoot` extends one of `first` leaves with `firstRoot` (§2.1.4.2). */
export function verifyConsistency(
  first: number,
  second: number,
  firstRoot: Buffer,
  secondRoot: Buffer,
  proof: readonly Buffer[],
): boolean {
  if (first < 1 || first > second) return false;
  if (first === second) return proof.length === 0 && firstRoot.equals(secondRoot);
  if (proof.length === 0) return false;
  const path = (first & (first - 1)) === 0 ? [firstRoot, ...proof] : [...proof];
  let fn = first - 1;
  let sn = second - 1;
  while ((fn & 1) === 1) [fn, sn] = [fn >>> 1, sn >>> 1];
  let fr = path[0] as Buffer;
  let sr = path[0] as Buffer;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if ((fn & 1) === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if ((fn & 1) === 0) while ((fn & 1) === 0 && fn !== 0) [fn, sn] = [fn >>> 1, sn >>> 1];
    } else sr = nodeHash(sr, c);
    [fn, sn] = [fn >>> 1, sn >>> 1];
  }
  return fr.equals(firstRoot) && sr.equals(secondRoot) && sn === 0;
}
