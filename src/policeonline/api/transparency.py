"""The transparency log in the API (ADR 0028): the latest signed tree head (public) and the
applicant's proof bundle for their own application (another account's is a plain 404)."""

from uuid import UUID

from django.http import Http404
from ninja import Router, Schema
from ninja.security import django_auth

from policeonline.applications.models import Application
from policeonline.transparency.portal import services

router = Router(tags=["transparency"])


class TreeHeadOut(Schema):
    size: int
    root: str
    timestamp: str
    kid: str
    signature: str
    public_key_pem: str


@router.get("/tree-head", response=TreeHeadOut, auth=None, summary="The latest published signed tree head")
def tree_head(request):
    head = services.latest()
    if head is None:
        raise Http404
    return {**head.sth, "public_key_pem": services.public_key_document(head)["pem"]}


@router.get("/proof/{application_id}", response=dict, auth=django_auth,
            summary="My application's proof bundle (entries, inclusion proofs, tree head, key)")
def proof(request, application_id: UUID):
    application = Application.objects.filter(pk=application_id, owner=request.user).first()
    document = services.proof_bundle(application) if application is not None else None
    if document is None:
        raise Http404
    return document
