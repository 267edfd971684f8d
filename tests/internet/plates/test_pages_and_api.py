"""The portal page and the API: the whole selection by a citizen, and nobody else's
application can be seen or touched, by id."""

import pytest

from policeonline.plates.models import ReleasedNumber

from .conftest import PASSWORD, submitted

pytestmark = pytest.mark.django_db
NUMBERS = ["鲁A12345", "鲁AB1C23", "鲁A66N88"]


def sign_in(client, user):
    assert client.post("/accounts/login/", {"username": user.phone, "password": PASSWORD}).status_code == 302


def test_choose_on_the_portal_page(client, intranet, citizen):
    intranet.release(NUMBERS)
    app = submitted(citizen)
    sign_in(client, citizen)
    detail = client.get(f"/applications/{app.pk}/").content.decode()
    assert f"/applications/{app.pk}/plate/" in detail
    url = f"/applications/{app.pk}/plate/"
    page = client.get(url).content.decode()
    assert "5" in page and "鲁A" in page
    response = client.post(url, {"action": "compose", "serial": "ABC12"})
    assert response.status_code == 422 and 'aria-invalid="true"' in response.content.decode()
    client.post(url, {"action": "display"})
    page = client.get(url).content.decode()
    assert all(n in page for n in NUMBERS)
    client.post(url, {"action": "pick", "plate": "鲁A66N88"})
    assert ReleasedNumber.objects.get(plate="鲁A66N88").holder_id == app.pk
    client.post(url, {"action": "confirm"})
    page = client.get(url).content.decode()
    assert "鲁A66N88" in page and ReleasedNumber.objects.get(plate="鲁A66N88").status == "allocated"


def test_choose_through_the_api(client, intranet, citizen):
    intranet.release(NUMBERS)
    app = submitted(citizen)
    sign_in(client, citizen)
    base = f"/api/v1/applications/{app.pk}/plate"
    state = client.get(base).json()
    assert state["eligible"] and state["plate_type"] == "02" and state["displays_left"] == 3
    shown = client.post(f"{base}/display").json()
    assert set(shown["offered"]) == set(NUMBERS) and shown["displays_left"] == 2
    bad = client.post(f"{base}/compose", {"serial": "1I345"}, content_type="application/json")
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid"
    held = client.post(f"{base}/compose", {"serial": "B1C23"}, content_type="application/json").json()
    assert held["held_plate"] == "鲁AB1C23" and held["compose_attempts_left"] == 4
    assert client.delete(f"{base}/hold").json()["held_plate"] is None
    client.post(f"{base}/pick", {"plate": shown["offered"][0]}, content_type="application/json")
    done = client.post(f"{base}/confirm").json()
    assert done["confirmed_plate"] == shown["offered"][0] and not done["eligible"]
    again = client.post(f"{base}/display")
    assert again.status_code == 409 and again.json()["error"]["code"] == "confirmed"


def test_another_citizen_gets_not_found_by_id(client, intranet, citizen, other):
    intranet.release(NUMBERS)
    app = submitted(citizen)
    client.force_login(citizen)
    client.post(f"/api/v1/applications/{app.pk}/plate/compose", {"serial": "12345"},
                content_type="application/json")
    client.logout()
    sign_in(client, other)
    base = f"/api/v1/applications/{app.pk}/plate"
    assert client.get(base).status_code == 404
    for path in ("/display", "/confirm"):
        assert client.post(base + path).status_code == 404
    assert client.post(f"{base}/pick", {"plate": "鲁A12345"},
                       content_type="application/json").status_code == 404
    assert client.post(f"{base}/compose", {"serial": "B1C23"},
                       content_type="application/json").status_code == 404
    assert client.delete(f"{base}/hold").status_code == 404
    assert client.get(f"/applications/{app.pk}/plate/").status_code == 404
    assert client.post(f"/applications/{app.pk}/plate/", {"action": "confirm"}).status_code == 404
    row = ReleasedNumber.objects.get(plate="鲁A12345")
    assert (row.status, row.holder_id) == ("held", app.pk)  # untouched


def test_the_internet_process_never_loads_the_intranet_pool():
    import sys

    assert not [name for name in sys.modules if name.startswith("policeonline.platepool")]
