"""API throttles: per token (or signed-in user) in a short and a long window, per client address
for anonymous calls, and per distributor for report uploads. Fixed windows on the shared cache
(one atomic increment per call); the rates are settings (API_THROTTLE_RATES)."""

from django.conf import settings
from rest_framework.throttling import BaseThrottle

from toolkit.throttling import allow_attempt, client_address, parse_rate


class _WindowThrottle(BaseThrottle):
    scope = ""

    def key(self, request, view) -> str | None:
        raise NotImplementedError

    def allow_request(self, request, view):
        key = self.key(request, view)
        if key is None:
            return True
        limit, self.window = parse_rate(settings.API_THROTTLE_RATES[self.scope])
        return allow_attempt(scope=f"api-{self.scope}", key=key, limit=limit, window_seconds=self.window)

    def wait(self):
        return self.window  # at most one window: the counter starts again when it ends


def caller_key(request) -> str | None:
    """A token counts on its own (a distributor's machines may hold several); else the user."""
    if request.auth is not None and hasattr(request.auth, "key_hash"):
        return f"token-{request.auth.pk}"
    return f"user-{request.user.pk}" if request.user.is_authenticated else None


class CallerBurstThrottle(_WindowThrottle):
    scope = "burst"

    def key(self, request, view):
        return caller_key(request)


class CallerSustainedThrottle(CallerBurstThrottle):
    scope = "sustained"


class AnonymousThrottle(_WindowThrottle):
    scope = "anonymous"

    def key(self, request, view):
        return None if request.user.is_authenticated else client_address(request)


class ReportUploadThrottle(_WindowThrottle):
    """Uploads start imports of up to a million rows: a distributor's own, per hour."""

    scope = "report_upload"

    def key(self, request, view):
        if request.method != "POST" or not request.user.is_authenticated:
            return None
        return f"distributor-{request.user.distributor_id}"
