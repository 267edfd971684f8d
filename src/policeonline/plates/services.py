"""The one write path of plate selection, for the portal and the API alike.

Every action locks the application's row first (one action per application at a time), then
works on number rows under row locks, re-checking each condition in the locked statement:

- a number is taken only from ``takeable()`` rows, locked with ``FOR UPDATE SKIP LOCKED``:
  a number another selector is taking right now is simply "taken", nobody waits;
- a number's ``holder`` is unique, so an application never holds two;
- a confirmed number is ``allocated`` and leaves the pool for good; the choice is reported
  to the intranet in the same transaction (outbox), on the application's ordered stream.

Refusals that use up an attempt are committed before they are raised.
"""

import secrets
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from policeonline.applications.models import Application
from policeonline.audit.log import record
from policeonline.core import plate_rules as rules
from policeonline.exchange.outbox import enqueue

from . import conf, eligibility
from .models import ReleasedNumber, Selection, takeable

Status = ReleasedNumber.Status


class Refused(Exception):
    """Not possible; ``code`` for programs, ``message`` (localised) for people."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


@dataclass
class State:
    app: Application
    selection: Selection | None
    plate_type: str | None
    refusal: str | None
    held: ReleasedNumber | None
    displays_left: int
    compose_left: int

    @property
    def confirmed(self) -> str:
        return self.selection.plate if self.selection else ""


def _locked(app_id, user) -> Application:
    app = Application.objects.select_for_update().filter(pk=app_id, owner=user).first()
    if app is None:
        raise Application.DoesNotExist
    return app


def _selection(app: Application, prefix: str = "") -> Selection:
    reason = eligibility.refusal(app)
    if reason:
        raise Refused("not_eligible", reason)
    selection = Selection.objects.filter(application=app).first()
    if selection is None:
        prefix = prefix if prefix in rules.AUTHORITIES else next(iter(rules.AUTHORITIES))
        selection = Selection.objects.create(application=app, prefix=prefix,
                                             plate_type=eligibility.plate_type_of(app),
                                             vin=str(app.data.get("vin", ""))[:17])
    if selection.plate:
        raise Refused("confirmed", _("You have already confirmed plate number %(plate)s.")
                      % {"plate": selection.plate})
    vin = str(app.data.get("vin", ""))[:17]
    if vin != selection.vin:  # corrected in a resubmission
        selection.vin = vin
        selection.save(update_fields=["vin"])
    if vin and _vehicle_has_plate(selection):
        raise Refused("vehicle_has_plate", _("A plate number has already been chosen for this "
                                             "vehicle (VIN %(vin)s) with another application.")
                      % {"vin": vin})
    return selection


def _vehicle_has_plate(selection: Selection) -> bool:
    return Selection.objects.filter(vin=selection.vin).exclude(plate="").exclude(pk=selection.pk).exists()


def state(app_id, user) -> State:
    """What the selection page and the API show (read only; an expired hold shows as none)."""
    app = Application.objects.get(pk=app_id, owner=user)
    selection = Selection.objects.filter(application=app).first()
    held = ReleasedNumber.objects.filter(holder=app, status=Status.HELD,
                                         held_until__gt=timezone.now()).first()
    displays = selection.displays_used if selection else 0
    composed = selection.compose_used if selection else 0
    return State(app, selection, eligibility.plate_type_of(app),
                 None if selection and selection.plate else eligibility.refusal(app), held,
                 max(conf.get("PLATE_RANDOM_DISPLAYS") - displays, 0),
                 max(conf.get("PLATE_COMPOSE_ATTEMPTS") - composed, 0))


def display(app_id, user, prefix: str = "") -> list[str]:
    """Show a set of random free numbers of the application's pool (uses one display)."""
    with transaction.atomic():
        app = _locked(app_id, user)
        selection = _selection(app, prefix)
        if selection.displays_used >= conf.get("PLATE_RANDOM_DISPLAYS"):
            raise Refused("exhausted", _("You have used all your random displays. Compose a "
                                         "number, or choose at the counter when you register."))
        size = conf.get("PLATE_DISPLAY_SIZE")
        kind = ReleasedNumber.objects.filter(prefix=selection.prefix, plate_type=selection.plate_type)
        # Free numbers from a random point of the shuffled order: with ``status`` as an equality
        # this walks the (prefix, type, status, shuffle) index in order and stops after ``size``
        # rows; "free or expired hold" in one condition would filter and sort the whole kind.
        free = kind.filter(status=Status.FREE)
        start = secrets.randbelow(2**31)
        numbers = list(free.filter(shuffle__gte=start).order_by("shuffle")
                       .values_list("plate", flat=True)[:size])
        if len(numbers) < size:  # wrap around the random order
            numbers += list(free.filter(shuffle__lt=start).order_by("shuffle")
                            .values_list("plate", flat=True)[:size - len(numbers)])
        if len(numbers) < size:  # holds that ran out count as free (the expiry job is behind)
            numbers += list(kind.filter(takeable(), status=Status.HELD).order_by("held_until")
                            .values_list("plate", flat=True)[:size - len(numbers)])
        if not numbers:
            raise Refused("pool_empty", _("No numbers of this type are available at the moment. "
                                          "Please try again later."))
        selection.displays_used += 1
        selection.offered = numbers
        selection.save(update_fields=["displays_used", "offered"])
        record(user.account_ref, "plate.displayed", str(app.pk), count=len(numbers))
        return numbers


def pick(app_id, user, plate: str) -> ReleasedNumber:
    """Hold one of the numbers the last random display showed."""
    with transaction.atomic():
        app = _locked(app_id, user)
        selection = _selection(app)
        if plate not in selection.offered:
            raise Refused("not_offered", _("Choose one of the numbers shown to you."))
        return _take(app, selection, plate, "random", user)


def compose(app_id, user, serial: str, prefix: str = "") -> ReleasedNumber:
    """Hold a number the citizen composed within the rules (uses one attempt if well formed)."""
    refused = None
    with transaction.atomic():
        app = _locked(app_id, user)
        selection = _selection(app, prefix)
        serial = rules.normalise(serial)
        if serial.startswith(selection.prefix):
            serial = serial[len(selection.prefix):]
        error = rules.serial_error(selection.plate_type, serial)
        if error:
            raise Refused("invalid", error)
        if selection.compose_used >= conf.get("PLATE_COMPOSE_ATTEMPTS"):
            raise Refused("exhausted", _("You have used all your attempts to compose a number. "
                                         "Pick from a random display, or choose at the counter."))
        selection.compose_used += 1
        selection.save(update_fields=["compose_used"])
        try:
            return _take(app, selection, selection.prefix + serial, "compose", user)
        except Refused as exc:
            refused = exc  # the attempt counts: commit it, then refuse
    raise refused


def _take(app, selection, plate, mode, user) -> ReleasedNumber:
    now = timezone.now()
    # Our own earlier hold goes back first, before we lock anything else: we only ever wait
    # for a row while holding no other number, so selectors cannot deadlock each other.
    _free(ReleasedNumber.objects.filter(holder=app, status=Status.HELD), user, "plate.hold_replaced")
    row = (ReleasedNumber.objects.select_for_update(skip_locked=True)
           .filter(takeable(now), plate=plate, prefix=selection.prefix,
                   plate_type=selection.plate_type).first())
    if row is None:
        released = ReleasedNumber.objects.filter(plate=plate, prefix=selection.prefix,
                                                 plate_type=selection.plate_type).exclude(
            status=Status.WITHDRAWN).exists()
        record(user.account_ref, "plate.refused", str(app.pk), plate=plate,
               reason="taken" if released else "unavailable")
        if released:
            raise Refused("taken", _("%(plate)s has just been taken by someone else. Please choose "
                                     "another number.") % {"plate": plate})
        raise Refused("unavailable", _("%(plate)s is not available for selection. Only numbers "
                                       "released for online selection can be chosen.") % {"plate": plate})
    if row.holder_id:  # an expired hold of another application, expired lazily right here
        record("system", "plate.hold_expired", row.plate)
    row.status, row.holder, row.held_until = Status.HELD, app, now + conf.hold_duration()
    row.save(update_fields=["status", "holder", "held_until", "changed_at"])
    selection.mode = mode
    selection.save(update_fields=["mode"])
    record(user.account_ref, "plate.held", str(app.pk), plate=plate, mode=mode,
           until=row.held_until.isoformat())
    return row


def _free(rows, user_or_actor, action: str) -> int:
    """Put held rows back: to the pool, or out of it if a withdrawal waited for them."""
    actor = getattr(user_or_actor, "account_ref", user_or_actor)
    count = 0
    for row in rows.select_for_update():
        row.status = Status.WITHDRAWN if row.withdrawal_pending else Status.FREE
        row.holder, row.held_until, row.withdrawal_pending = None, None, False
        row.save(update_fields=["status", "holder", "held_until", "withdrawal_pending", "changed_at"])
        record(actor, action, row.plate)
        count += 1
    return count


def release(app_id, user) -> None:
    """Give up the number held (it returns to the pool at once)."""
    with transaction.atomic():
        app = _locked(app_id, user)
        _selection(app)
        if not _free(ReleasedNumber.objects.filter(holder=app, status=Status.HELD), user,
                     "plate.released_by_citizen"):
            raise Refused("no_hold", _("You are not holding a number."))


def confirm(app_id, user) -> Selection:
    """Make the held number final and report it to the vehicle office."""
    try:
        return _confirm(app_id, user)
    except IntegrityError:
        # Two applications for one vehicle confirming at the same instant: the database's
        # one-plate-per-vehicle index let one through and rolled this one back whole.
        raise Refused("vehicle_has_plate", _("A plate number has already been chosen for this "
                                             "vehicle with another application.")) from None


def _confirm(app_id, user) -> Selection:
    refused = None
    with transaction.atomic():
        app = _locked(app_id, user)
        selection = _selection(app)
        row = ReleasedNumber.objects.select_for_update().filter(holder=app, status=Status.HELD).first()
        now = timezone.now()
        if row is None:
            raise Refused("no_hold", _("You are not holding a number; choose one first."))
        if row.held_until <= now:
            _free(ReleasedNumber.objects.filter(pk=row.pk), "system", "plate.hold_expired")
            refused = Refused("expired", _("Your hold on %(plate)s expired, and the number went back "
                                           "to the pool. Please choose again.") % {"plate": row.plate})
        else:
            row.status, row.held_until = Status.ALLOCATED, None
            row.save(update_fields=["status", "held_until", "changed_at"])
            selection.plate, selection.confirmed_at, selection.offered = row.plate, now, []
            selection.save(update_fields=["plate", "confirmed_at", "offered"])
            record(user.account_ref, "plate.confirmed", str(app.pk), plate=row.plate,
                   mode=selection.mode)
            enqueue("plate.chosen", {
                "application_id": str(app.pk), "receipt_no": app.receipt_no, "plate": row.plate,
                "plate_type": row.plate_type, "pool": row.pool, "mode": selection.mode or "random",
                "chosen_at": now.isoformat().replace("+00:00", "Z")},
                correlation_id=str(app.pk), shard_key=str(app.pk))
            return selection
    raise refused


def expire_holds(limit: int = 1000) -> int:
    """Return expired holds to the pool (the periodic command; reads already treat them as
    free). Locks with SKIP LOCKED: a row being confirmed or taken right now is left alone."""
    with transaction.atomic():
        rows = ReleasedNumber.objects.filter(status=Status.HELD, held_until__lte=timezone.now())
        ids = list(rows.select_for_update(skip_locked=True).values_list("pk", flat=True)[:limit])
        return _free(ReleasedNumber.objects.filter(pk__in=ids), "system", "plate.hold_expired")
