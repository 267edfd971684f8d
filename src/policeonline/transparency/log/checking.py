"""``manage.py transparency verify``: re-derive every entry from the case events and compare
with the log as stored and as signed. The first bad index is where the history was edited,
an event removed, or one inserted (the entries after it in the same case no longer chain)."""

import base64
from collections import defaultdict
from dataclasses import dataclass, field

from policeonline.cases.models import Case, CaseEvent
from policeonline.transparency import entries, heads, merkle

from .appending import entry_text
from .models import CaseSalt, Entry, TreeHead


@dataclass
class Report:
    size: int = 0
    pending: int = 0
    heads: int = 0
    problems: list[tuple[int | None, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first_bad_index(self) -> int | None:
        indexed = [index for index, _ in self.problems if index is not None]
        return min(indexed) if indexed else None


def _derived() -> dict[tuple[int, int], str]:
    """(case id, seq) → the entry text re-derived from the events table alone, each case's
    chain computed from its own events in order."""
    salts = {s.case_ref: s for s in CaseSalt.objects.all()}
    cases = {c.pk: c for c in Case.objects.only("pk", "receipt_no")}
    by_case = defaultdict(list)
    for event in CaseEvent.objects.order_by("case_id", "seq"):
        by_case[event.case_id].append(event)
    derived = {}
    for case_id, events in by_case.items():
        salt, case = salts.get(case_id), cases.get(case_id)
        if salt is None or case is None:
            continue
        # The tag is recomputed from the receipt: a changed receipt number shows too.
        salt = CaseSalt(case_ref=case_id, salt=salt.salt,
                        tag=entries.case_tag(case.receipt_no, bytes.fromhex(salt.salt)))
        prev = entries.ZERO
        for event in events:
            text = entry_text(event, case, salt, prev)
            derived[(case_id, event.seq)] = text
            prev = merkle.leaf_hash(text.encode("ascii")).hex()
    return derived


def verify() -> Report:
    report = Report()
    derived = _derived()
    logged = list(Entry.objects.order_by("index").values_list("index", "case_ref", "seq",
                                                              "text", "leaf"))
    placed = [row for row in logged if row[0] is not None]
    placed.sort(key=lambda row: row[0])
    report.size, report.pending = len(placed), len(logged) - len(placed)
    stored_leaves = []
    for position, (index, *_, leaf) in enumerate(placed):
        if index != position:
            report.problems.append((position, f"index {position} is missing from the log"))
            break
        stored_leaves.append(bytes.fromhex(leaf))
    for index, case_ref, seq, text, leaf in logged:
        where = f"case #{case_ref} event {seq}"
        expected = derived.get((case_ref, seq))
        if merkle.leaf_hash(text.encode("ascii")).hex() != leaf:
            report.problems.append((index, f"{where}: the stored entry does not match its leaf hash"))
        elif expected is None:
            report.problems.append((index, f"{where}: the event is missing (removed?)"))
        elif expected != text:
            report.problems.append((index, f"{where}: the event differs from what was logged "
                                           f"(edited, or an event inserted before it)"))
    keys_logged = {(case_ref, seq) for _, case_ref, seq, _, _ in logged}
    for case_ref, seq in sorted(set(derived) - keys_logged):
        report.problems.append((None, f"case #{case_ref} event {seq} is not in the log (inserted?)"))
    for head in TreeHead.objects.order_by("size"):
        report.heads += 1
        sth = {"size": head.size, "root": head.root, "timestamp": head.timestamp,
               "signature": head.signature}
        if not heads.check_signature(base64.b64decode(head.public_key), sth):
            report.problems.append((None, f"tree head {head.size}: the signature is not valid"))
        if head.size > len(stored_leaves) or merkle.root(stored_leaves[:head.size]).hex() != head.root:
            report.problems.append((None, f"tree head {head.size}: the stored entries no longer "
                                          f"give its root (the log itself was altered)"))
    report.problems.sort(key=lambda p: (p[0] is None, p[0] or 0))
    return report
