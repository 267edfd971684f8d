"""Who sees what: a supervisor their own department (with its officers), the bureau's
leadership (role ``leader``) and auditors every department, read-only. Everyone else — clerks,
approvers, duty officers, administrators — is refused."""

from django.core.exceptions import PermissionDenied

from policeonline.audit.log import record
from policeonline.catalog.models import Department

BUREAU_ROLES = ("leader", "auditor")
SUPERVISOR = "supervisor"


def is_bureau_wide(officer) -> bool:
    return any(officer.has_role(r) for r in BUREAU_ROLES)


def may_supervise(officer) -> bool:
    return is_bureau_wide(officer) or (officer.has_role(SUPERVISOR) and officer.department_id is not None)


def departments_for(officer) -> list[Department]:
    if is_bureau_wide(officer):
        return list(Department.objects.order_by("id"))
    if officer.has_role(SUPERVISOR) and officer.department_id is not None:
        return [officer.department]
    return []


def may_see_department(officer, code: str) -> bool:
    if is_bureau_wide(officer):
        return True
    return officer.has_role(SUPERVISOR) and officer.department is not None and officer.department.code == code


def refuse(request):
    record(request.user.username, "permission.refused", request.path)
    raise PermissionDenied
