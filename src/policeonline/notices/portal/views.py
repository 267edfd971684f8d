"""Public pages of notices (no sign-in): the list with a category filter, one notice with its
files, and a file download. A withdrawn notice answers 410 with a plain explanation."""

from django.http import FileResponse, Http404
from django.shortcuts import render

from . import queries


def notice_list(request):
    category = request.GET.get("category", "")
    cats = queries.labelled(queries.categories())
    if category not in dict(cats):
        category = ""
    return render(request, "notices/list.html", {
        "page": queries.page_of(category, request.GET.get("page", 1)),
        "categories": cats, "category": category})


def detail(request, notice_id):
    notice = queries.notice(notice_id)
    if notice.withdrawn_at:
        return render(request, "notices/withdrawn.html", {"notice": notice}, status=410)
    return render(request, "notices/detail.html", {"notice": notice, "files": queries.files_of(notice)})


def download(request, notice_id, index):
    notice = queries.notice(notice_id)
    if notice.withdrawn_at:
        raise Http404
    attachment = next((f for f in queries.files_of(notice) if f.index == index), None)
    if attachment is None:
        raise Http404
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.filename,
                        content_type=attachment.content_type)
