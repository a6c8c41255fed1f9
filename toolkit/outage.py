"""What a person sees when something fails on our side. A database that cannot be reached is a
503 with Retry-After (the outage passes; the same request will work again), anything else a 500;
under /api/ the answer is JSON either way. Rendered without the request's context processors,
which would read the session and the user — from the database that may be down."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

RETRY_AFTER_SECONDS = 60


def server_error(request):
    unavailable = isinstance(sys.exception(), (OperationalError, InterfaceError))
    if unavailable:
        status, code = 503, "service_unavailable"
        message = _(
            "The portal is briefly unavailable: we are restoring the connection to its database. Nothing you sent before this page was lost. Try again in a minute."
        )
    else:
        status, code = 500, "server_error"
        message = _(
            "Something went wrong on our side and we have been notified. Try again later; if it keeps happening, write to Dell_Partner_Support@Dell.com."
        )
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message, "code": code}, status=status)
    else:
        response = HttpResponse(render_to_string("500.html", {"message": message, "status": status}), status=status)
    if unavailable:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
