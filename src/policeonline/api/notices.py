"""News and notices in the API (public, no sign-in): the list with a category filter and
pages, and one notice with its files. A withdrawn notice is a 410 with the usual error shape."""

from datetime import datetime
from uuid import UUID

from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from policeonline.notices.portal import queries

from .schemas import ErrorOut, I18n

router = Router(tags=["notices"])


class NoticeCategoryOut(Schema):
    code: str
    name: I18n


class NoticeSummaryOut(Schema):
    id: UUID
    title: str
    category: NoticeCategoryOut
    published_at: datetime


class NoticePageOut(Schema):
    page: int
    pages: int
    count: int
    categories: list[NoticeCategoryOut]
    notices: list[NoticeSummaryOut]


class NoticeFileOut(Schema):
    filename: str
    content_type: str
    size: int
    url: str


class NoticeOut(NoticeSummaryOut):
    body: str
    department: str
    attachments: list[NoticeFileOut]


def _summary(notice) -> dict:
    return {"id": notice.pk, "title": notice.title, "published_at": notice.published_at,
            "category": {"code": notice.category,
                         "name": {"zh": notice.category_name, "en": notice.category_name_en}}}


@router.get("", response=NoticePageOut, auth=None)
def list_notices(request, category: str = "", page: int = 1):
    page_obj = queries.page_of(category, page)
    return {"page": page_obj.number, "pages": page_obj.paginator.num_pages,
            "count": page_obj.paginator.count,
            "categories": [{"code": c, "name": {"zh": zh, "en": en}} for c, zh, en in queries.categories()],
            "notices": [_summary(n) for n in page_obj]}


@router.get("/{notice_id}", response={200: NoticeOut, 404: ErrorOut, 410: ErrorOut}, auth=None)
def get_notice(request, notice_id: UUID):
    notice = queries.notice(notice_id)
    if notice.withdrawn_at:
        return Status(410, {"error": {"code": "withdrawn",
                                      "message": _("The police bureau has withdrawn this notice; "
                                                   "it no longer applies.")}})
    return {**_summary(notice), "body": notice.body, "department": notice.department,
            "attachments": [{"filename": f.filename, "content_type": f.content_type, "size": f.size,
                             "url": request.build_absolute_uri(
                                 reverse("notices:download", args=[notice.pk, f.index]))}
                            for f in queries.files_of(notice)]}
