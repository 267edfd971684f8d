"""The portal's side: keep the leaves, check each signed head against them before publishing
it, and build the documents anyone can verify (proof bundles, consistency documents)."""

import base64

from django.utils import timezone

from policeonline.audit.log import record
from policeonline.transparency import bundle, consistency, entries, heads, merkle

from .models import Alarm, CaseLink, Leaf, TreeHead


def _alarm(index, message: str) -> None:
    Alarm.objects.create(index=index, message=message[:300])
    record("exchange", "transparency.alarm", f"index {index}" if index is not None else "head",
           message=message)


def store_leaves(first: int, texts: list[str], cases: list[dict]) -> int:
    """Keep new leaves; an index already held with another entry is an alarm (the first
    such index is named) and the stored leaf stays. Returns how many were new."""
    held = dict(Leaf.objects.filter(index__gte=first, index__lt=first + len(texts))
                .values_list("index", "leaf"))
    new = []
    for offset, text in enumerate(texts):
        index = first + offset
        fields = entries.parse(text)  # a malformed entry fails the envelope (quarantined)
        leaf = merkle.leaf_hash(text.encode("ascii")).hex()
        if index in held:
            if held[index] != leaf:
                _alarm(index, f"the intranet sent a different entry for index {index}")
            continue
        new.append(Leaf(index=index, text=text, leaf=leaf, tag=fields["case"]))
    Leaf.objects.bulk_create(new)
    for link in cases:
        CaseLink.objects.get_or_create(tag=link["tag"], defaults={
            "application_id": link["application_id"], "salt": link["salt"]})
    return len(new)


def store_head(body: dict) -> None:
    held = TreeHead.objects.filter(size=body["size"]).first()
    if held is not None:
        if held.root != body["root"]:
            _alarm(None, f"two different signed heads for size {body['size']}")
        return
    TreeHead.objects.create(**{k: body[k] for k in ("size", "root", "timestamp", "kid",
                                                    "public_key", "signature")})


def leaves(size: int) -> list[bytes]:
    return [bytes.fromhex(h) for h in Leaf.objects.filter(index__lt=size).order_by("index")
            .values_list("leaf", flat=True)]


def advance() -> None:
    """Check the waiting heads, smallest first, once all their leaves are here."""
    for head in TreeHead.objects.filter(status=TreeHead.Status.PENDING).order_by("size"):
        if Leaf.objects.filter(index__lt=head.size).count() < head.size:
            return  # the rest of its leaves are on their way (same ordered stream)
        problem = _problem(head, leaves(head.size))
        head.status = TreeHead.Status.REJECTED if problem else TreeHead.Status.PUBLISHED
        head.problem, head.checked_at = problem, timezone.now()
        head.save(update_fields=["status", "problem", "checked_at"])
        if problem:
            _alarm(None, f"tree head {head.size} rejected: {problem}")
        else:
            record("exchange", "transparency.published", f"size {head.size}", root=head.root)


def _problem(head: TreeHead, tree: list[bytes]) -> str:
    if not heads.check_signature(base64.b64decode(head.public_key), head.sth):
        return "its signature is not valid"
    if merkle.root(tree).hex() != head.root:
        return "its root does not match the entries received"
    previous = (TreeHead.objects.filter(status=TreeHead.Status.PUBLISHED, size__lt=head.size)
                .order_by("-size").first())
    if previous is not None:
        proof = merkle.consistency_proof(previous.size, tree)
        if not merkle.verify_consistency(previous.size, head.size, bytes.fromhex(previous.root),
                                         bytes.fromhex(head.root), proof):
            return f"it does not extend tree head {previous.size}"
    return ""


def latest() -> TreeHead | None:
    return TreeHead.objects.filter(status=TreeHead.Status.PUBLISHED).order_by("-size").first()


def public_key_document(head: TreeHead) -> dict:
    return {"kid": head.kid, "pem": heads.pem(base64.b64decode(head.public_key))}


def proof_bundle(application) -> dict | None:
    """The applicant's bundle against the latest published head, or None when the log holds
    nothing of this application yet."""
    head, link = latest(), CaseLink.objects.filter(application_id=application.pk).first()
    if head is None or link is None or not application.receipt_no:
        return None
    if entries.case_tag(application.receipt_no, bytes.fromhex(link.salt)) != link.tag:
        return None  # never hand out a bundle that cannot verify
    own = list(Leaf.objects.filter(tag=link.tag, index__lt=head.size).order_by("index"))
    if not own:
        return None
    tree, memo = leaves(head.size), {}
    return {"format": bundle.FORMAT, "receipt_no": application.receipt_no, "salt": link.salt,
            "case_tag": link.tag, "tree_head": head.sth, "public_key": public_key_document(head),
            "entries": [{"index": leaf.index, "entry": leaf.text,
                         "audit_path": bundle.audit_path_hex(merkle.inclusion_proof(leaf.index, tree, memo))}
                        for leaf in own]}


def consistency_document(first: int, second: int) -> dict | None:
    published = TreeHead.objects.filter(status=TreeHead.Status.PUBLISHED)
    old, new = published.filter(size=first).first(), published.filter(size=second).first()
    if old is None or new is None or first > second:
        return None
    proof = merkle.consistency_proof(first, leaves(second))
    return {"format": consistency.FORMAT, "first": old.sth, "second": new.sth,
            "public_key": public_key_document(new), "proof": [h.hex() for h in proof]}
