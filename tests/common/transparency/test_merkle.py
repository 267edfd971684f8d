"""RFC 6962/9162 Merkle hashing, compared with a naive recursive reading of the RFC for every
size up to 70 (and random larger ones): roots, every audit path, every consistency proof; a
proof for another leaf, size or root is refused."""

import hashlib
import random

import pytest

from policeonline.transparency import merkle


def naive_root(leaves):
    n = len(leaves)
    if n == 0:
        return hashlib.sha256(b"").digest()
    if n == 1:
        return leaves[0]
    k = 1
    while k * 2 < n:
        k *= 2
    return hashlib.sha256(b"\x01" + naive_root(leaves[:k]) + naive_root(leaves[k:])).digest()


def naive_path(m, leaves):
    n = len(leaves)
    if n == 1:
        return []
    k = 1
    while k * 2 < n:
        k *= 2
    if m < k:
        return naive_path(m, leaves[:k]) + [naive_root(leaves[k:])]
    return naive_path(m - k, leaves[k:]) + [naive_root(leaves[:k])]


def tree(n, salt=b""):
    return [merkle.leaf_hash(salt + f"entry {i}".encode()) for i in range(n)]


def test_leaf_and_node_hashes_are_domain_separated():
    assert merkle.leaf_hash(b"x") == hashlib.sha256(b"\x00x").digest()
    assert merkle.node_hash(b"a" * 32, b"b" * 32) == hashlib.sha256(b"\x01" + b"a" * 32 + b"b" * 32).digest()
    assert merkle.root([]) == hashlib.sha256(b"").digest()


def test_rfc6962_reference_root():
    """The empty tree and the CT test vector for the 8 leaves used by Go's and Trillian's tests."""
    inputs = [b"", b"\x00", b"\x10", b"\x20\x21", b"\x30\x31", b"\x40\x41\x42\x43",
              b"\x50\x51\x52\x53\x54\x55\x56\x57",
              b"\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f"]
    leaves = [merkle.leaf_hash(x) for x in inputs]
    assert merkle.root(leaves).hex() == "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"
    assert merkle.root(leaves[:1]).hex() == "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"


@pytest.mark.parametrize("n", range(0, 71))
def test_root_and_every_audit_path_match_the_rfc(n):
    leaves = tree(n)
    root = merkle.root(leaves)
    assert root == naive_root(leaves)
    for m in range(n):
        path = merkle.inclusion_proof(m, leaves)
        assert path == naive_path(m, leaves)
        assert merkle.verify_inclusion(leaves[m], m, n, path, root)
        assert not merkle.verify_inclusion(leaves[m], m, n, path, merkle.leaf_hash(b"other root"))
        assert not merkle.verify_inclusion(merkle.leaf_hash(b"edited"), m, n, path, root)
        if n > 1:
            assert not merkle.verify_inclusion(leaves[m], (m + 1) % n, n, path, root)
        if path:
            assert not merkle.verify_inclusion(leaves[m], m, n, path[:-1], root)
            bent = [path[0][:-1] + bytes([path[0][-1] ^ 1])] + path[1:]
            assert not merkle.verify_inclusion(leaves[m], m, n, bent, root)


def test_every_consistency_proof_up_to_40():
    leaves = tree(40)
    roots = [merkle.root(leaves[:n]) for n in range(41)]
    for second in range(1, 41):
        for first in range(1, second + 1):
            proof = merkle.consistency_proof(first, leaves[:second])
            assert merkle.verify_consistency(first, second, roots[first], roots[second], proof)
            # A rewritten older tree (one leaf changed) is not consistent with the new one.
            forged = merkle.root(leaves[:first - 1] + [merkle.leaf_hash(b"forged")])
            assert not merkle.verify_consistency(first, second, forged, roots[second], proof)
            if first < second:
                assert not merkle.verify_consistency(first, second, roots[first], roots[second - 1]
                                                     if second - 1 != first else forged, proof)
                assert not merkle.verify_consistency(first, second, roots[first], roots[second], proof[:-1])


def test_consistency_edge_cases():
    leaves = tree(5)
    assert merkle.verify_consistency(0, 5, merkle.EMPTY_ROOT, merkle.root(leaves), [])
    assert merkle.verify_consistency(5, 5, merkle.root(leaves), merkle.root(leaves), [])
    assert not merkle.verify_consistency(5, 5, merkle.root(leaves), merkle.root(leaves[:4]), [])
    assert not merkle.verify_consistency(5, 3, merkle.root(leaves), merkle.root(leaves[:3]), [])
    with pytest.raises(ValueError):
        merkle.consistency_proof(6, leaves)
    with pytest.raises(ValueError):
        merkle.inclusion_proof(5, leaves)


def test_random_larger_trees():
    rng = random.Random(6962)
    for _ in range(25):
        n = rng.randint(71, 1500)
        leaves = tree(n, salt=str(n).encode())
        root = merkle.root(leaves)
        assert root == naive_root(leaves)
        m = rng.randrange(n)
        assert merkle.verify_inclusion(leaves[m], m, n, merkle.inclusion_proof(m, leaves), root)
        first = rng.randint(1, n)
        proof = merkle.consistency_proof(first, leaves)
        assert merkle.verify_consistency(first, n, merkle.root(leaves[:first]), root, proof)


def test_an_edited_removed_or_inserted_leaf_is_found_at_its_index():
    leaves = tree(30)
    edited = list(leaves)
    edited[17] = merkle.leaf_hash(b"edited")
    removed = leaves[:12] + leaves[13:]
    inserted = leaves[:5] + [merkle.leaf_hash(b"inserted")] + leaves[5:]
    assert merkle.first_difference(leaves, list(leaves)) is None
    assert merkle.first_difference(leaves, edited) == 17
    assert merkle.first_difference(leaves, removed) == 12
    assert merkle.first_difference(leaves, inserted) == 5
    assert merkle.first_difference(leaves, leaves[:29]) == 29  # the last one removed
    for changed in (edited, removed, inserted):
        assert merkle.root(changed) != merkle.root(leaves)


def test_shared_memo_gives_the_same_paths():
    leaves = tree(300)
    memo = {}
    for m in (0, 7, 150, 299, 7):
        assert merkle.inclusion_proof(m, leaves, memo) == naive_path(m, leaves)
