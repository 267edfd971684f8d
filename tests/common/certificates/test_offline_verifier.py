"""The offline verifier: a separate Python process with the published key file, no Django."""

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from policeonline.certificates.codes import CodePayload, sign_code
from policeonline.certificates.keyfile import parse_key_document
from policeonline.exchange.crypto.registry import get_suite
from policeonline.exchange.keys import Keyring

SRC = Path(__file__).resolve().parents[3] / "src"
RUN = ("import runpy, sys\n"
       "sys.argv = ['verify_offline', *sys.argv[1:]]\n"
       "try:\n"
       "    runpy.run_module('policeonline.certificates.verify_offline', run_name='__main__')\n"
       "finally:\n"
       "    print('django imported:', 'django' in sys.modules)\n")


@pytest.fixture(scope="module")
def bureau(tmp_path_factory):
    """A certificate key ring as on the intranet, and the portal's published key document."""
    root = tmp_path_factory.mktemp("offline")
    ring = Keyring(root / "intranet", "cert")
    pub = ring.create()
    published = {"format": "PSO1", "issuer": "济南市公安局", "keys": [
        json.loads(ring.export_public())]}
    (root / "bureau-public.json").write_text(json.dumps(published, ensure_ascii=False), "utf-8")
    kid, suite, private = ring.signing_key()
    code = sign_code(CodePayload(serial="WFZ-2026-7K3Q-M9XD", item_code="ZA-001", title="无犯罪记录证明",
                                 holder_name_masked="张*", holder_id_masked="370102********106X",
                                 issued_on=date(2026, 11, 27), valid_until=None,
                                 content_digest="cd" * 32), private, kid, get_suite(suite))
    return {"root": root, "code": code, "kid": pub.kid, "keyfile": str(root / "bureau-public.json")}


def run(*args):
    done = subprocess.run([sys.executable, "-c", RUN, *args], capture_output=True, text=True,
                          env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"}, timeout=60, check=False)
    assert "django imported: False" in done.stdout, done.stdout + done.stderr
    return done


def test_a_genuine_code_exits_0_and_prints_the_payload(bureau):
    done = run("--key", bureau["keyfile"], bureau["code"])
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("GENUINE")
    assert '"holder_name_masked": "张*"' in done.stdout and bureau["kid"] in done.stdout


def test_the_qr_url_is_accepted_too(bureau):
    done = run("--key", bureau["keyfile"], f"https://portal.example.cn/c/{bureau['code']}")
    assert done.returncode == 0


def test_an_altered_code_exits_1(bureau):
    code = bureau["code"]
    signature_start = code.rindex(".") + 1
    changed = code[:signature_start] + ("B" if code[signature_start] != "B" else "C") + \
        code[signature_start + 1:]
    done = run("--key", bureau["keyfile"], changed)
    assert done.returncode == 1 and done.stdout.startswith("NOT GENUINE")


def test_a_code_of_another_key_exits_1(bureau, tmp_path):
    other = Keyring(tmp_path, "cert")
    other.create()
    kid, suite, private = other.signing_key()
    forged = sign_code(CodePayload(serial="WFZ-2026-0000-0000", item_code="ZA-001", title="无犯罪记录证明",
                                   holder_name_masked="李*", holder_id_masked="110101********0011",
                                   issued_on=date(2026, 11, 27), valid_until=None,
                                   content_digest="00" * 32), private, kid, get_suite(suite))
    done = run("--key", bureau["keyfile"], forged)
    assert done.returncode == 1 and done.stdout.startswith("NOT RECOGNISED")
    assert "李*" not in done.stdout  # a forger's payload is not repeated as if it were true


@pytest.mark.parametrize("text", ["hello", "PSO1.abc.def", "x" * 5000])
def test_garbage_exits_2(bureau, text):
    done = run("--key", bureau["keyfile"], text)
    assert done.returncode == 2 and done.stdout.startswith("MALFORMED")


def test_an_unreadable_key_file_exits_2(bureau, tmp_path):
    (tmp_path / "bad.json").write_text("{not json", "utf-8")
    done = run("--key", str(tmp_path / "bad.json"), bureau["code"])
    assert done.returncode == 2 and "cannot use key file" in done.stderr


def test_key_documents_skip_revoked_keys_and_refuse_empty_ones(bureau):
    text = (bureau["root"] / "bureau-public.json").read_text("utf-8")
    assert list(parse_key_document(text)) == [bureau["kid"]]
    revoked = json.loads(text)
    revoked["keys"][0]["revoked"] = True
    with pytest.raises(ValueError, match="no usable key"):
        parse_key_document(json.dumps(revoked))
    with pytest.raises(ValueError):
        parse_key_document('{"keys": [{"kid": "x", "suite": "sm2-sm3", "public_key": "AA=="}]}')
