"""The applicant downloads a proof bundle for their own case only; the portal's verification
page and the command-line verifier accept it, and name the first bad log index after an
entry is edited, removed or inserted; consistency documents verify the same way."""

import json

import pytest

from policeonline.transparency import verify as cli
from policeonline.transparency.heads import pem

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
OURS = [1, 2, 4, 6]  # the log indices of our applicant's events


@pytest.fixture
def signed_in(client, applicant):
    client.force_login(applicant)
    return client


@pytest.fixture
def proof(logged, signed_in, application):
    response = signed_in.get(f"/transparency/proof/{application.pk}.json")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    return response.json()


def check_on_page(client, document) -> str:
    return client.post("/transparency/verify/", {"text": json.dumps(document)}, **EN).content.decode()


def test_the_applicant_gets_their_cases_entries_with_proofs(proof, application, signed_in):
    assert proof["receipt_no"] == application.receipt_no
    assert [e["index"] for e in proof["entries"]] == OURS
    assert proof["tree_head"]["size"] == 7
    text = json.dumps(proof, ensure_ascii=False)
    assert "赵六" not in text and "110101198808081231" not in text
    page = signed_in.get("/transparency/mine/", **EN).content.decode()
    assert application.receipt_no in page and "Download proof" in page


def test_nobody_else_gets_the_bundle(logged, client, application):
    assert client.get(f"/transparency/proof/{application.pk}.json").status_code == 302  # sign in
    from ..applications.conftest import make_user

    client.force_login(make_user(name="李四", id_number="370102198506150021", phone="13800000002",
                                 password=PASSWORD))
    assert client.get(f"/transparency/proof/{application.pk}.json").status_code == 404


def test_the_verification_page_accepts_the_bundle(proof, client):
    page = check_on_page(client, proof)
    assert "Proof verified" in page and "Proof not verified" not in page
    assert "request_supplement" in page


def _edited(proof):
    proof["entries"][1]["entry"] = proof["entries"][1]["entry"].replace('"examining"', '"approved"')
    return proof


def _removed(proof):
    del proof["entries"][1]
    return proof


def _inserted(proof):
    forged = dict(proof["entries"][1])
    forged["entry"] = forged["entry"].replace('"accept"', '"approve"')
    proof["entries"].insert(1, forged)
    return proof


@pytest.mark.parametrize(("tamper", "first_bad"), [(_edited, 2), (_removed, 4), (_inserted, 2)])
def test_an_edited_removed_or_inserted_entry_is_named_by_its_index(proof, client, tmp_path, capsys,
                                                                   tamper, first_bad):
    tampered = tamper(proof)
    page = check_on_page(client, tampered)
    assert "Proof not verified" in page and f"First bad log index: {first_bad}" in page
    path = tmp_path / "proof.json"
    path.write_text(json.dumps(tampered))
    assert cli.main([str(path)]) == 1
    assert f"FIRST BAD LOG INDEX: {first_bad}" in capsys.readouterr().out


def test_the_command_line_verifier_with_the_published_key(proof, client, tmp_path, capsys, logged):
    bundle_path, key_path, other_path = tmp_path / "p.json", tmp_path / "k.pem", tmp_path / "o.pem"
    bundle_path.write_text(json.dumps(proof))
    key_path.write_bytes(client.get("/transparency/key.pem").content)
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    other = Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    other_path.write_text(pem(other))
    assert cli.main([str(bundle_path), "--key", str(key_path)]) == 0
    assert "VERIFIED: 4 events" in capsys.readouterr().out
    assert cli.main([str(bundle_path), "--key", str(other_path)]) == 1
    bundle_path.write_text("not json")
    assert cli.main([str(bundle_path)]) == 2


def test_a_bundle_under_a_head_the_portal_never_published_is_refused(proof, client):
    proof["tree_head"]["timestamp"] = "2030-01-01T00:00:00.000000Z"  # now the signature fails too
    page = check_on_page(client, proof)
    assert "Proof not verified" in page and "signature is not valid" in page


def test_consistency_documents_verify_on_the_page_and_offline(logged, application, client, tmp_path, capsys):
    logged.event(application.receipt_no, application.pk, "recommend", "approving")
    logged.publish()
    document = client.get("/transparency/consistency.json?first=7&second=8").json()
    assert "Proof verified" in check_on_page(client, document)
    path = tmp_path / "c.json"
    path.write_text(json.dumps(document))
    assert cli.main([str(path)]) == 0
    document["first"]["root"] = "00" * 32
    path.write_text(json.dumps(document))
    assert cli.main([str(path)]) == 1
    assert "rewritten" in capsys.readouterr().out


def test_bad_uploads_get_a_clear_error_and_change_nothing(client):
    for data in ({"text": ""}, {"text": "{not json"}, {"text": json.dumps({"format": "x"})}):
        response = client.post("/transparency/verify/", data, **EN)
        page = response.content.decode()
        assert ("Choose a proof file" in page or "not a JSON proof document" in page
                or "not a complete proof document" in page)



def test_the_api_gives_the_head_to_anyone_and_the_bundle_to_its_applicant(logged, client, application,
                                                                          applicant):
    head = client.get("/api/v1/transparency/tree-head").json()
    assert head["size"] == 7 and "BEGIN PUBLIC KEY" in head["public_key_pem"]
    assert client.get(f"/api/v1/transparency/proof/{application.pk}").status_code == 401
    client.force_login(applicant)
    document = client.get(f"/api/v1/transparency/proof/{application.pk}").json()
    assert [e["index"] for e in document["entries"]] == OURS
    from ..applications.conftest import make_user

    client.force_login(make_user(name="李四", id_number="370102198506150021", phone="13800000002",
                                 password=PASSWORD))
    assert client.get(f"/api/v1/transparency/proof/{application.pk}").status_code == 404


def test_a_deeply_nested_upload_is_refused_clearly(client):
    response = client.post("/transparency/verify/", {"text": "[" * 100_000})
    assert response.status_code == 400 and "not a JSON proof document" in response.content.decode()


def test_a_bundle_signed_with_a_key_the_portal_never_published_is_refused(proof, client):
    """A forger re-signs the head with their own key: valid signature, unknown key."""
    import base64

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    from policeonline.transparency.heads import signed_bytes

    forger = Ed25519PrivateKey.generate()
    head = proof["tree_head"]
    head["signature"] = base64.b64encode(forger.sign(signed_bytes(head["size"], head["root"],
                                                                  head["timestamp"]))).decode()
    proof["public_key"]["pem"] = pem(forger.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))
    page = check_on_page(client, proof)
    assert "Proof not verified" in page and "never published" in page
