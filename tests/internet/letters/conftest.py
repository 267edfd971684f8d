"""Letters on the portal: citizens (verified or not), the intranet's replies sealed with its key,
and a few helpers that post the letter form as a browser does."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from policeonline.applications.demo_files import sample_pdf
from policeonline.letters.portal.models import Letter

from ..applications.conftest import Intranet, make_user, outbox_bodies  # noqa: F401
from ..conftest import last_code  # noqa: F401

WRITER = {"name": "赵六", "id_number": "110101198808081231", "phone": "13900000009"}
ANONYMOUS_PHONE = "13900000077"


def zh(msgid: str, **params) -> str:
    """What the citizen reads (Chinese first): the message as the portal renders it."""
    with translation.override("zh-hans"):
        text = translation.gettext(msgid)
    return text % params if params else text


@pytest.fixture(autouse=True)
def fresh_throttles():
    """The per-network limits (code requests, tracking lookups) count in the cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def intranet(exchange_keys, db):
    return Intranet(exchange_keys["intranet"])


@pytest.fixture
def writer(db):
    return make_user(**WRITER)


def pdf(name="scan.pdf", content=None):
    return SimpleUploadedFile(name, content or sample_pdf("letter"), content_type="application/pdf")


def letter_data(**overrides):
    data = {"action": "send", "topic": "CRJ-001", "subject": "护照办理需要多久",
            "text": "请问首次申领普通护照需要几个工作日可以拿到？", "publish_consent": "on"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def at(delta_days=0) -> str:
    return (datetime.now(UTC) + timedelta(days=delta_days)).isoformat().replace("+00:00", "Z")


def answer(intranet, letter: Letter, text="首次申领护照7个工作日内办结。", department="出入境管理支队"):
    return intranet.send("letter.answered", {"letter_id": str(letter.pk),
                                             "tracking_no": letter.tracking_no, "answer": text,
                                             "department": department, "answered_at": at()})


def publish(intranet, letter: Letter, question="首次申领护照需要多久？", text="7个工作日。"):
    return intranet.send("letter.published", {"letter_id": str(letter.pk),
                                              "tracking_no": letter.tracking_no, "question": question,
                                              "answer": text, "published_at": at()})


