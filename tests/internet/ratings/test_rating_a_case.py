"""好差评 on the portal: five levels on a finished application's page, one rating per case with
an optional bounded comment; it crosses to the intranet as ``rating.submitted``. Bad input and a
second rating get a clear message and change nothing. The department's follow-up of a poor
rating comes back, is shown and notified, and can be rated once."""

from django.utils import translation
from django.utils.translation import gettext

from policeonline.notifications.models import Message
from policeonline.ratings.portal.models import FollowUp, PortalRating

from .conftest import outbox_bodies, rectification

# The five levels as the portal shows them: 非常满意 / 满意 / 基本满意 / 不满意 / 非常不满意
# in Chinese (test_translations holds those exact words).
LABELS = ["Very satisfied", "Satisfied", "Fairly satisfied", "Dissatisfied", "Very dissatisfied"]


def zh(msgid: str) -> str:
    with translation.override("zh-hans"):
        return gettext(msgid)


def page(client, app):
    return client.get(f"/applications/{app.pk}/").content.decode()


def rate(client, app, **data):
    return client.post(f"/applications/{app.pk}/rating/", {"kind": "case", **data}, follow=True)


def test_a_finished_case_offers_the_five_levels(client, citizen, finished):
    client.force_login(citizen)
    text = page(client, finished)
    assert 'id="rating-panel"' in text
    for label in LABELS:
        assert f"> {zh(label)}</label>" in text


def test_a_case_in_progress_cannot_be_rated(client, citizen, in_progress, exchange_keys):
    client.force_login(citizen)
    assert 'id="rating-panel"' not in page(client, in_progress)
    answer = rate(client, in_progress, level="5")
    assert zh("You can rate an application once it is finished.") in answer.content.decode()
    assert not PortalRating.objects.exists()
    assert outbox_bodies(exchange_keys, "rating.submitted") == []


def test_rating_is_kept_shown_and_sent(client, citizen, finished, exchange_keys):
    client.force_login(citizen)
    answer = rate(client, finished, level="4", comment="  窗口很快  ")
    text = answer.content.decode()
    assert 'id="rating-given"' in text and "窗口很快" in text
    assert f"<strong>{zh('Satisfied')}</strong>" in text
    assert 'name="level"' not in text  # no second form
    [body] = outbox_bodies(exchange_keys, "rating.submitted")
    assert body["level"] == 4 and body["comment"] == "窗口很快" and body["kind"] == "case"
    assert body["receipt_no"] == finished.receipt_no
    assert set(body) == {"application_id", "receipt_no", "rating_id", "kind", "level", "comment", "at"}


def test_a_second_rating_is_refused_and_changes_nothing(client, citizen, finished, exchange_keys):
    client.force_login(citizen)
    rate(client, finished, level="5")
    again = rate(client, finished, level="1", comment="改主意了")
    refusal = zh("You have already rated this application; a rating cannot be changed.")
    assert refusal in again.content.decode()
    assert PortalRating.objects.get().level == 5
    assert len(outbox_bodies(exchange_keys, "rating.submitted")) == 1


CHOOSE = "Choose one of the five ratings."
BAD = [({"level": ""}, CHOOSE), ({"level": "6"}, CHOOSE), ({"level": "0"}, CHOOSE),
       ({"level": "abc"}, CHOOSE),
       ({"level": "3", "comment": "长" * 501}, "The comment is too long: at most %(n)s characters."),
       ({"level": "3", "kind": "other"}, "This cannot be rated.")]


def test_bad_input_gets_a_message_and_nothing_is_kept(client, citizen, finished, exchange_keys):
    client.force_login(citizen)
    for data, message in BAD:
        answer = rate(client, finished, **data)
        assert answer.status_code == 200
        assert zh(message) % {"n": 500} in answer.content.decode(), data
    assert not PortalRating.objects.exists()
    assert outbox_bodies(exchange_keys, "rating.submitted") == []
    assert 'name="level"' in page(client, finished)  # still rateable


def test_someone_elses_application_is_not_found(client, other_citizen, finished):
    client.force_login(other_citizen)
    assert client.post(f"/applications/{finished.pk}/rating/", {"level": "1"}).status_code == 404
    assert not PortalRating.objects.exists()
    from policeonline.audit.models import AuditEvent

    refusal = AuditEvent.objects.get(action="permission.refused")
    assert refusal.actor == other_citizen.account_ref
    assert refusal.target == f"applications.application:{finished.pk}"


def test_the_follow_up_is_shown_notified_and_rated_once(client, citizen, finished, intranet, exchange_keys):
    client.force_login(citizen)
    rate(client, finished, level="1", comment="等了太久")
    rectification(intranet, finished, "open")
    text = page(client, finished)
    assert 'id="rating-followup"' in text and "2027-01-15" in text
    assert 'name="level"' not in text  # nothing to rate until the department answers
    rectification(intranet, finished, "answered", answer="已约谈窗口人员并缩短办理时限。")
    assert FollowUp.objects.get().status == "answered"
    assert Message.objects.filter(recipient=citizen, title="您的评价已有整改答复").exists()
    text = page(client, finished)
    assert "已约谈窗口人员并缩短办理时限。" in text and 'value="followup"' in text
    rate(client, finished, level="4", kind="followup")
    again = rate(client, finished, level="2", kind="followup")
    assert zh("You have already rated the follow-up; a rating cannot be changed.") in again.content.decode()
    assert sorted(PortalRating.objects.values_list("kind", "level")) == [("case", 1), ("followup", 4)]
    kinds = [b["kind"] for b in outbox_bodies(exchange_keys, "rating.submitted")]
    assert kinds == ["case", "followup"]


def test_the_follow_up_cannot_be_rated_before_it_is_answered(client, citizen, finished, intranet):
    client.force_login(citizen)
    rate(client, finished, level="2")
    rectification(intranet, finished, "open")
    answer = rate(client, finished, level="5", kind="followup")
    assert zh("There is no answered follow-up to rate yet.") in answer.content.decode()
    assert PortalRating.objects.count() == 1


def test_api_rating(client, citizen, finished, exchange_keys):
    client.force_login(citizen)
    url = f"/api/v1/applications/{finished.pk}/rating"
    assert client.get(url).json()["can_rate"] == "case"
    bad = client.post(url, {"level": 9}, content_type="application/json")
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_level"
    ok = client.post(url, {"level": 2, "comment": "态度一般"}, content_type="application/json")
    assert ok.status_code == 201
    assert ok.json()["ratings"][0]["level"] == 2 and ok.json()["can_rate"] is None
    again = client.post(url, {"level": 5}, content_type="application/json")
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_rated"
    assert PortalRating.objects.get().level == 2
