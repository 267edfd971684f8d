"""Who may do what with a notice: officers of the notice's department write it; an approver
or supervisor of that department other than its author approves, sends back or withdraws."""

WRITERS = ("clerk", "approver", "supervisor")
APPROVERS = ("approver", "supervisor")


def can_write(officer) -> bool:
    return officer.department_id is not None and any(officer.has_role(r) for r in WRITERS)


def can_see(officer, notice) -> bool:
    return can_write(officer) and officer.department_id == notice.department_id


def can_approve(officer, notice) -> bool:
    return (can_see(officer, notice) and any(officer.has_role(r) for r in APPROVERS)
            and officer.pk != notice.author_id)


def can_withdraw(officer, notice) -> bool:
    return can_see(officer, notice) and any(officer.has_role(r) for r in APPROVERS)
