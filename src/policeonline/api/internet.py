"""The internet zone's API object. Errors share one shape: {"error": {"code", "message"}}."""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from . import applications, appointments, catalog, me
from .guarantors import router as guarantors_router
from .letters import router as letters_router
from .notices import router as notices_router
from .payments import router as payments_router
from .permits import router as permits_router
from .plates import router as plates_router
from .progress import router as progress_router
from .ratings import router as ratings_router
from .stats import router as stats_router
from .transparency import router as transparency_router

api = NinjaAPI(
    title="Police Service Online — public API",
    version="1",
    description="The API of the internet zone, for the mobile app and integrators. Texts are "
                "given in Chinese (zh) and English (en).",
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    docs_url=None,  # Swagger UI would load scripts from a CDN: not on a closed network
)
api.add_router("/catalog", catalog.router)
api.add_router("/me", me.router)
api.add_router("/applications", applications.router)
api.add_router("/appointments", appointments.router)
api.add_router("/applications", plates_router)
api.add_router("/permits", permits_router)
api.add_router("/guarantees", guarantors_router)
api.add_router("/payments", payments_router)
api.add_router("/notices", notices_router)
api.add_router("/progress", progress_router)
api.add_router("/applications", ratings_router)
api.add_router("/stats", stats_router)
api.add_router("/letters", letters_router)
api.add_router("/transparency", transparency_router)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return api.create_response(request, {"error": {"code": "unauthenticated",
                                                   "message": _("Sign in first.")}}, status=401)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"error": {"code": "not_found",
                                                   "message": _("Not found.")}}, status=404)


@api.exception_handler(ValidationError)
def invalid(request, exc):
    return api.create_response(request, {"error": {"code": "invalid", "message":
                                                   _("The request is not valid."),
                                                   "fields": exc.errors}}, status=422)
