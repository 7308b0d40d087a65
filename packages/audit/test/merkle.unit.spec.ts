import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  consistencyProof,
  inclusionProof,
  leafHash,
  subtreeRoot,
  verifyConsistency,
  verifyInclusion,
} from '../src/merkle.ts';

const leaves = (n: number) => Array.from({ length: n }, (_, i) => leafHash(Buffer.from(`event-${i}`)));

describe('the Merkle tree (RFC 6962)', () => {
  it('matches the known vectors: the empty tree and the tree of one empty leaf', () => {
    expect(subtreeRoot([]).toString('hex')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(leafHash(Buffer.alloc(0)).toString('hex')).toBe(
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    );
    const two = leaves(2);
    expect(subtreeRoot(two)).toEqual(
      createHash('sha256')
        .update(Buffer.from([1]))
        .update(two[0] as Buffer)
        .update(two[1] as Buffer)
        .digest(),
    );
  });

  it('every leaf of every tree up to 40 leaves proves its inclusion; a changed leaf, index or root does not', () => {
    for (let size = 1; size <= 40; size++) {
      const tree = leaves(size);
      const root = subtreeRoot(tree);
      for (let index = 0; index < size; index++) {
        const proof = inclusionProof(tree, index);
        expect(verifyInclusion(tree[index] as Buffer, index, size, proof, root)).toBe(true);
        expect(verifyInclusion(leafHash(Buffer.from('forged')), index, size, proof, root)).toBe(false);
        if (size > 1)
          expect(verifyInclusion(tree[index] as Buffer, (index + 1) % size, size, proof, root)).toBe(false);
      }
    }
  });

  it('every prefix is consistent with every later tree; a rewritten prefix is caught', () => {
    for (let second = 1; second <= 33; second++) {
      const tree = leaves(second);
      for (let first = 1; first <= second; first++) {
        const proof = consistencyProof(tree, first, second);
        const firstRoot = subtreeRoot(tree, 0, first);
        const secondRoot = subtreeRoot(tree, 0, second);
        expect(verifyConsistency(first, second, firstRoot, secondRoot, proof), `${first}→${second}`).toBe(
          true,
        );
        // Someone who kept only the old root: a history rewritten before `first` cannot prove consistency.
        const rewritten = [...tree];
        rewritten[0] = leafHash(Buffer.from('rewritten'));
        expect(verifyConsistency(first, second, firstRoot, subtreeRoot(rewritten, 0, second), proof)).toBe(
          false,
        );
      }
    }
  });

  it('property: random trees, random leaves and sizes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.nat(), fc.nat(), (size, a, b) => {
        const tree = leaves(size);
        const index = a % size;
        const first = 1 + (b % size);
        const root = subtreeRoot(tree);
        return (
          verifyInclusion(tree[index] as Buffer, index, size, inclusionProof(tree, index), root) &&
          verifyConsistency(first, size, subtreeRoot(tree, 0, first), root, consistencyProof(tree, first))
        );
      }),
      { numRuns: 200 },
    );
  });

  it('refuses sizes and indexes outside the tree', () => {
    expect(() => inclusionProof(leaves(3), 3)).toThrow(RangeError);
    expect(() => consistencyProof(leaves(3), 0)).toThrow(RangeError);
    expect(verifyConsistency(4, 3, Buffer.alloc(32), Buffer.alloc(32), [])).toBe(false);
  });
});
