"""Merkle trees as Certificate Transparency hashes them (RFC 6962 §2.1, RFC 9162 §2.1).

Pure Python, no Django: the portal, the intranet and the standalone verifier share it.
Hashes are 32-byte ``bytes``; a tree is given as the list of its *leaf hashes*.

- leaf hash  = SHA-256(0x00 || entry)
- node hash  = SHA-256(0x01 || left || right)
- the tree over n leaves splits at k, the largest power of two smaller than n.
"""

import hashlib
from collections.abc import Sequence

EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(entry: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two strictly smaller than ``n`` (n >= 2)."""
    return 1 << ((n - 1).bit_length() - 1)


def root(leaves: Sequence[bytes]) -> bytes:
    """MTH(D[n]): the tree head over these leaf hashes."""
    n = len(leaves)
    if n == 0:
        return EMPTY_ROOT
    # Iterative: hash each full power-of-two subtree bottom-up, then fold the right edge.
    # Equal to the recursive definition (tested against it for many sizes).
    level = list(leaves)
    while len(level) > 1:
        paired = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            paired.append(level[-1])  # an odd node moves up unchanged (RFC's split agrees)
        level = paired
    return level[0]


def inclusion_proof(index: int, leaves: Sequence[bytes], memo: dict | None = None) -> list[bytes]:
    """PATH(m, D[n]): the audit path of leaf ``index`` in the tree over ``leaves``. Pass the
    same ``memo`` dict for several leaves of one tree: the subtree roots they share (the big
    ones, near the top) are then hashed once."""
    n = len(leaves)
    if not 0 <= index < n:
        raise ValueError(f"leaf {index} is not in a tree of size {n}")
    return _path(index, leaves, 0, n, {} if memo is None else memo)


def _path(m: int, leaves: Sequence[bytes], lo: int, hi: int, memo: dict) -> list[bytes]:
    n = hi - lo
    if n == 1:
        return []
    k = _split(n)
    sibling = (lo + k, hi) if m < k else (lo, lo + k)
    if sibling not in memo:
        memo[sibling] = root(leaves[sibling[0]:sibling[1]])
    if m < k:
        return _path(m, leaves, lo, lo + k, memo) + [memo[sibling]]
    return _path(m - k, leaves, lo + k, hi, memo) + [memo[sibling]]


def verify_inclusion(leaf: bytes, index: int, size: int, proof: Sequence[bytes],
                     expected_root: bytes) -> bool:
    """RFC 9162 §2.1.3.2: is ``leaf`` at ``index`` in the tree of ``size`` with that root?"""
    if not 0 <= index < size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == expected_root


def consistency_proof(first: int, leaves: Sequence[bytes]) -> list[bytes]:
    """PROOF(m, D[n]): that the tree of size ``first`` is a prefix of the tree over ``leaves``."""
    n = len(leaves)
    if not 0 < first <= n:
        raise ValueError(f"no consistency proof from size {first} to size {n}")
    return _subproof(first, leaves, 0, n, True)


def _subproof(m: int, leaves: Sequence[bytes], lo: int, hi: int, complete: bool) -> list[bytes]:
    n = hi - lo
    if m == n:
        return [] if complete else [root(leaves[lo:hi])]
    k = _split(n)
    if m <= k:
        return _subproof(m, leaves, lo, lo + k, complete) + [root(leaves[lo + k:hi])]
    return _subproof(m - k, leaves, lo + k, hi, False) + [root(leaves[lo:lo + k])]


def verify_consistency(first: int, second: int, first_root: bytes, second_root: bytes,
                       proof: Sequence[bytes]) -> bool:
    """RFC 9162 §2.1.4.2: does the tree (second, second_root) extend (first, first_root)?"""
    if first < 0 or second < first:
        return False
    if first == second:
        return not proof and first_root == second_root
    if first == 0:
        return not proof  # every tree extends the empty one
    path = list(proof)
    if first & (first - 1) == 0:  # a power of two: the old root is a node of the new tree
        path.insert(0, first_root)
    if not path:
        return False
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == first_root and sr == second_root and sn == 0


def first_difference(trusted: Sequence[bytes], other: Sequence[bytes]) -> int | None:
    """The first index at which ``other`` departs from ``trusted`` (an edited, removed or
    inserted leaf shows at its own position), or None when they are equal."""
    for index, (a, b) in enumerate(zip(trusted, other, strict=False)):
        if a != b:
            return index
    return None if len(trusted) == len(other) else min(len(trusted), len(other))
