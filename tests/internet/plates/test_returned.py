"""A confirmed number whose case was refused or withdrawn comes back from the intranet
(ADR 0029): the portal frees it, so another applicant — or the same vehicle in a new
application — can choose it; a repeat or a stale return changes nothing."""

import pytest

from policeonline.plates import services
from policeonline.plates.models import ReleasedNumber, Selection

from .conftest import POOL, submitted

pytestmark = pytest.mark.django_db
NUMBERS = ["鲁A12345", "鲁AB1C23"]


def returned(app, plate, back_to="free", reason="withdrawn"):
    return {"application_id": str(app.pk), "receipt_no": app.receipt_no, "plate": plate, "pool": POOL,
            "reason": reason, "back_to": back_to, "returned_at": "2026-11-27T10:00:00Z"}


def confirmed(citizen, plate):
    app = submitted(citizen)
    services.compose(app.pk, citizen, plate[2:])
    services.confirm(app.pk, citizen)
    return app


def test_a_returned_number_can_be_chosen_again(intranet, citizen, other):
    intranet.release(NUMBERS)
    app = confirmed(citizen, "鲁A12345")
    later = submitted(other)
    with pytest.raises(services.Refused):
        services.compose(later.pk, other, "12345")  # taken: nobody else can have it
    assert intranet.send("plate.returned", returned(app, "鲁A12345", reason="refused")).applied == 1
    number = ReleasedNumber.objects.get(plate="鲁A12345")
    assert number.status == "free" and number.holder_id is None
    assert Selection.objects.get(application=app).plate == ""
    held = services.compose(later.pk, other, "12345")
    assert held.holder_id == later.pk
    # The first application's return arriving again changes nothing for the new holder.
    assert intranet.send("plate.returned", returned(app, "鲁A12345")).applied == 1
    assert ReleasedNumber.objects.get(plate="鲁A12345").holder_id == later.pk


def test_the_same_vehicle_can_choose_again_in_a_new_application(intranet, citizen):
    intranet.release(NUMBERS)
    app = submitted(citizen, vehicle_kind="small", plate_selection="online", vin="LSVAB2BM4JS000077")
    services.compose(app.pk, citizen, "12345")
    services.confirm(app.pk, citizen)
    intranet.send("plate.returned", returned(app, "鲁A12345"))
    again = submitted(citizen, vehicle_kind="small", plate_selection="online", vin="LSVAB2BM4JS000077")
    services.compose(again.pk, citizen, "12345")
    assert services.confirm(again.pk, citizen).plate == "鲁A12345"


def test_a_number_of_a_withdrawn_pool_is_retired_and_an_unknown_one_quarantined(intranet, citizen):
    intranet.release(NUMBERS)
    app = confirmed(citizen, "鲁AB1C23")
    intranet.send("plate.returned", returned(app, "鲁AB1C23", back_to="withdrawn"))
    assert ReleasedNumber.objects.get(plate="鲁AB1C23").status == "withdrawn"
    assert intranet.send("plate.returned", returned(app, "鲁A99999")).quarantined == 1
