"""The public log pages, the applicant's proof download and the verification page."""

import base64
import json

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from policeonline.applications.models import Application
from policeonline.certificates import throttle
from policeonline.transparency import bundle, consistency, heads

from . import services
from .models import Alarm, CaseLink, Leaf, TreeHead

MAX_UPLOAD = 512 * 1024
MAX_ENTRIES_PAGE = 1000
VERIFY_LIMIT, VERIFY_WINDOW = 30, 600


def _json(value, *, status=200, filename=None):
    response = JsonResponse(value, status=status, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Access-Control-Allow-Origin"] = "*"
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def index(request):
    published = TreeHead.objects.filter(status=TreeHead.Status.PUBLISHED)
    return render(request, "transparency/index.html", {
        "head": published.first(), "history": published[:30],
        "rejected": TreeHead.objects.filter(status=TreeHead.Status.REJECTED)[:10],
        "alarms": Alarm.objects.all()[:10], "entries": Leaf.objects.count()})


@require_GET
def heads_json(request):
    published = TreeHead.objects.filter(status=TreeHead.Status.PUBLISHED)[:1000]
    return _json({"log": heads.LOG_ID, "tree_heads": [h.sth for h in published]})


@require_GET
def key_pem(request):
    head = services.latest()
    if head is None:
        raise Http404
    return HttpResponse(heads.pem(base64.b64decode(head.public_key)),
                        content_type="application/x-pem-file")


def _int(value, default=None):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if 0 <= number < 2**53 else default


@require_GET
def entries_json(request):
    start = _int(request.GET.get("start", "0"))
    end = _int(request.GET.get("end"), (start or 0) + 100)
    if start is None or end is None or end <= start or end - start > MAX_ENTRIES_PAGE:
        return _json({"error": _("Give start and end (at most %(n)s entries).") % {"n": MAX_ENTRIES_PAGE}},
                     status=400)
    rows = Leaf.objects.filter(index__gte=start, index__lt=end).order_by("index")
    return _json({"entries": [{"index": r.index, "entry": r.text} for r in rows]})


@require_GET
def consistency_json(request):
    first, second = _int(request.GET.get("first")), _int(request.GET.get("second"))
    if first is None or second is None or not 0 < first <= second:
        return _json({"error": _("Give two published tree sizes, the smaller first.")}, status=400)
    document = services.consistency_document(first, second)
    if document is None:
        return _json({"error": _("No published tree heads of these sizes.")}, status=404)
    return _json(document, filename=f"consistency-{first}-{second}.json")


@login_required
@require_GET
def mine(request):
    apps = list(Application.objects.filter(owner=request.user, receipt_no__isnull=False)
                .order_by("-submitted_at")[:100])
    logged = set(CaseLink.objects.filter(application_id__in=[a.pk for a in apps])
                 .values_list("application_id", flat=True))
    return render(request, "transparency/mine.html", {
        "applications": [(a, a.pk in logged) for a in apps], "head": services.latest()})


@login_required
@require_GET
def proof(request, pk):
    """The applicant's own proof bundle; anyone else's is a 404, as for an unknown id."""
    application = Application.objects.filter(pk=pk, owner=request.user).first()
    if application is None:
        raise Http404
    document = services.proof_bundle(application)
    if document is None:
        return render(request, "transparency/mine.html", {
            "applications": [], "head": services.latest(), "not_yet": application}, status=404)
    return _json(document, filename=f"transparency-proof-{application.receipt_no}.json")


def problem_text(code: str) -> str:
    return {
        "format": _("This is not a complete proof document."),
        "key": _("It is signed with a key this portal has never published."),
        "head": _("Its tree head is not one this portal published (a different view of the log)."),
        "signature": _("The tree head's signature is not valid."),
        "signature_first": _("The first tree head's signature is not valid."),
        "signature_second": _("The second tree head's signature is not valid."),
        "consistency": _("The later tree head does not extend the earlier one: the log was rewritten."),
        "tag": _("The case tag does not match the receipt number and salt."),
        "empty": _("The bundle holds no entries."),
        "entry": _("An entry is malformed."),
        "case": _("An entry belongs to another case."),
        "seq": _("An event of the case is missing or out of order."),
        "chain": _("An entry does not chain to the case's previous entry."),
        "state": _("An entry's starting state does not follow the previous entry."),
        "inclusion": _("An entry is not included in the signed tree head (edited, removed or moved)."),
    }[code]


def _check(document) -> dict:
    published = {(h.size, h.root) for h in TreeHead.objects.filter(status=TreeHead.Status.PUBLISHED)}
    known_keys = {base64.b64decode(k) for k in TreeHead.objects.filter(status=TreeHead.Status.PUBLISHED)
                  .values_list("public_key", flat=True).distinct()}

    def extra(pem, *sths):
        codes = []
        try:
            if heads.raw_from_pem(pem) not in known_keys:
                codes.append("key")
        except (ValueError, TypeError):
            return codes
        if any((int(s["size"]), s["root"]) not in published for s in sths):
            codes.append("head")
        return codes

    if isinstance(document, dict) and document.get("format") == consistency.FORMAT:
        codes = consistency.check(document)
        if codes != ["format"]:
            codes = extra(document["public_key"]["pem"], document["first"], document["second"]) + codes
        return {"kind": "consistency", "problems": [(None, problem_text(c)) for c in codes],
                "document": document if codes != ["format"] else None}
    result = bundle.check(document)
    problems = [(p.index, problem_text(p.code)) for p in result.problems]
    if [p.code for p in result.problems] != ["format"]:
        problems = [(None, problem_text(c)) for c in
                    extra(document["public_key"]["pem"], document["tree_head"])] + problems
    return {"kind": "bundle", "problems": problems, "result": result,
            "first_bad": result.first_bad_index,
            "receipt_no": document.get("receipt_no") if isinstance(document, dict) else None}


@require_http_methods(["GET", "POST"])
def verify(request):
    if request.method == "GET":
        return render(request, "transparency/verify.html", {})
    if not throttle.allow(request, "transparency-verify", VERIFY_LIMIT, VERIFY_WINDOW):
        response = render(request, "transparency/verify.html", {"throttled": True}, status=429)
        response["Retry-After"] = str(VERIFY_WINDOW)
        return response
    upload = request.FILES.get("document")
    text = request.POST.get("text", "")
    error = None
    if upload is not None:
        if upload.size > MAX_UPLOAD:
            error = _("The file is too large for a proof document (at most 512 KB).")
        else:
            raw = upload.read()
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                error = _("The file is not a JSON proof document.")
    elif len(text) > MAX_UPLOAD:
        error = _("The text is too long for a proof document (at most 512 KB).")
    if error is None and not text.strip():
        error = _("Choose a proof file or paste its contents.")
    verdict = None
    if error is None:
        try:
            verdict = _check(json.loads(text))
        except (ValueError, RecursionError):
            error = _("The file is not a JSON proof document.")
    return render(request, "transparency/verify.html", {"verdict": verdict, "error": error},
                  status=400 if error else 200)
