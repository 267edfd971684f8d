"""The audit log's safety net for requests (both zones).

A view that refuses or hands out a file usually records it itself, with the object it is
about. Whatever it did not record, this middleware does: every 403 answer becomes a
``permission.refused`` event, every download (an attachment, a PDF, a CSV) an
``export.downloaded`` event — so a new view cannot forget either."""

from .log import actor_of, begin_request, end_request, record

EXPORT_TYPES = ("text/csv", "application/pdf")


def is_export(response) -> bool:
    disposition = response.get("Content-Disposition", "")
    content_type = response.get("Content-Type", "")
    return disposition.startswith("attachment") or content_type.startswith(EXPORT_TYPES)


class AuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = begin_request()
        try:
            response = self.get_response(request)
        finally:
            noted = end_request(token)
        user = getattr(request, "user", None)
        if response.status_code == 403 and "permission.refused" not in noted:
            record(actor_of(user), "permission.refused", request.path, method=request.method,
                   status=403)
        elif response.status_code == 200 and is_export(response) and not noted:
            record(actor_of(user), "export.downloaded", request.path,
                   content_type=response.get("Content-Type", "").split(";")[0])
        return response
