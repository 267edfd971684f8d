from .models import AuditEvent


def record(actor: str, action: str, target: str = "", **detail) -> AuditEvent:
    """Append one audit event (call inside the transaction of the change it records)."""
    return AuditEvent.objects.create(actor=actor[:100], action=action[:60], target=target[:200],
                                     detail=detail)
