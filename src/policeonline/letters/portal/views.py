"""The citizen's letters: write (consultation, complaint, director's mailbox), my letters,
one letter with its answer and rating, anonymous tracking, and the public Q&A with search.
A letter is looked up by tracking number AND its writer (account, or contact phone): anyone
else's is simply not found."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from policeonline.accounts.citizens import sms_codes
from policeonline.audit.refusals import owned_or_404
from policeonline.certificates.throttle import allow
from policeonline.letters.kinds import KIND_CODES, rules

from . import conf, services
from .forms import AnonymousContactForm, ContactPhoneForm, LetterForm, TrackForm
from .models import Kind, Letter, Rating


def _ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def index(request):
    letters = services.mine(request.user)[:50] if request.user.is_authenticated else []
    return render(request, "letters/index.html", {"letters": letters, "rules": rules(),
                                                  "kinds": Kind})


@sensitive_post_parameters("phone", "sms_code")
def write(request, kind):
    if kind not in KIND_CODES:
        raise Http404
    kind_rules = rules().kind(kind)
    anonymous = not request.user.is_authenticated
    if anonymous and not kind_rules.anonymous:
        return redirect_to_login(request.get_full_path())
    form = LetterForm(public_qa=kind_rules.public_qa)
    contact = AnonymousContactForm() if anonymous else None
    refusal, status = "", 200
    if request.method == "POST":
        if anonymous and request.POST.get("action") == "send_code":
            form = LetterForm(initial=request.POST.dict(), public_qa=kind_rules.public_qa)
            contact = AnonymousContactForm(initial={"phone": request.POST.get("phone", "")})
            phone_form = ContactPhoneForm(request.POST)
            if not phone_form.is_valid():
                contact.phone_error, status = phone_form.errors["phone"][0], 400
            elif not allow(request, "letters-sms", conf.sms_codes_per_hour_per_ip(), 3600):
                contact.phone_error, status = _("Too many codes were requested from your network. "
                                                "Please try again in an hour."), 429
            else:
                try:
                    sms_codes.issue(phone_form.cleaned_data["phone"], ContactPhoneForm.purpose)
                    messages.success(request, _("A verification code was sent to your mobile."))
                except ValidationError as exc:
                    contact.phone_error, status = exc.messages[0], 400
        else:
            form = LetterForm(request.POST, request.FILES, public_qa=kind_rules.public_qa)
            contact = AnonymousContactForm(request.POST) if anonymous else None
            valid = form.is_valid() & (contact is None or contact.is_valid())
            sms = None
            if valid and contact is not None:
                try:
                    sms = sms_codes.check(contact.cleaned_data["phone"], ContactPhoneForm.purpose,
                                          contact.cleaned_data["sms_code"])
                except ValidationError as exc:
                    contact.add_error("sms_code", exc)
                    valid = False
            if valid:
                try:
                    letter = services.write(
                        kind, form.cleaned_data, author=None if anonymous else request.user,
                        ip=_ip(request), phone=contact.cleaned_data["phone"] if contact else "",
                        sms=sms)
                except services.Refused as refused:
                    refusal, status = refused.message, refused.status
                except ValidationError as exc:  # the SMS code was used a moment ago
                    refusal, status = exc.messages[0], 422
                else:
                    if anonymous:
                        request.session["letters_sent"] = letter.tracking_no
                        return redirect("letters:sent")
                    messages.success(request, _("Your letter has been sent. Its tracking number "
                                                "is %(no)s.") % {"no": letter.tracking_no})
                    return redirect("letters:detail", tracking_no=letter.tracking_no)
            else:
                status = 400
    return render(request, "letters/write.html", {
        "form": form, "contact": contact, "kind": kind, "kind_label": Kind(kind).label,
        "rules": kind_rules, "refusal": refusal, "limit": conf.daily_limit(),
        "verified": anonymous or request.user.verification == request.user.Verification.VERIFIED,
    }, status=status)


def sent(request):
    tracking_no = request.session.get("letters_sent")
    if not tracking_no:
        return redirect("letters:index")
    return render(request, "letters/sent.html", {"tracking_no": tracking_no})


@login_required
def detail(request, tracking_no):
    letter = owned_or_404(Letter, request.user, owner="author", tracking_no=tracking_no)
    refusal, status = "", 200
    if request.method == "POST":
        try:
            services.rate(letter.pk, request.POST.get("rating"), author=request.user)
        except services.Refused as refused:
            refusal, status = refused.message, 422
        else:
            messages.success(request, _("Thank you for rating the answer."))
            return redirect("letters:detail", tracking_no=tracking_no)
    return render(request, "letters/detail.html", {"letter": letter, "ratings": Rating.choices,
                                                   "refusal": refusal}, status=status)


@sensitive_post_parameters("phone")
def track(request):
    form, letter, refusal, status = TrackForm(), None, "", 200
    if request.method == "POST":
        form = TrackForm(request.POST)
        if not allow(request, "letters-track", conf.track_lookups_per_hour(), 3600):
            form.add_error(None, _("Too many lookups from your network. Please try again in an hour."))
            status = 429
        elif form.is_valid():
            phone = form.cleaned_data["phone"]
            letter = services.tracked(form.cleaned_data["tracking_no"], phone)
            if letter is None:
                form.add_error(None, _("No letter matches this tracking number and mobile number. "
                                       "Check both and try again."))
                status = 404
            elif request.POST.get("rating"):
                try:
                    letter = services.rate(letter.pk, request.POST.get("rating"), phone=phone)
                    messages.success(request, _("Thank you for rating the answer."))
                except services.Refused as refused:
                    refusal, status = refused.message, 422
        else:
            status = 400
    return render(request, "letters/track.html", {"form": form, "letter": letter,
                                                  "ratings": Rating.choices, "refusal": refusal},
                  status=status)


def public_qa(request):
    query = request.GET.get("q", "").strip()[:100]
    page = Paginator(services.search_public(query), 20).get_page(request.GET.get("page"))
    return render(request, "letters/qa.html", {"page": page, "query": query})

