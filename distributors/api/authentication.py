"""Token authentication for distributors' machines: `Authorization: Token <key>`; only the key's
SHA-256 is stored. A revoked token or a deactivated user is refused at the next request."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from distributors.models import ApiToken
from toolkit.throttling import allow_attempt, client_address, over_limit, parse_rate


class ApiTokenAuthentication(authentication.TokenAuthentication):
    """Guessing keys is throttled per client address: after API_THROTTLE_RATES["bad_token"] wrong
    keys, every key from that address is refused until the window ends (a right key included, so
    the answer tells a guesser nothing)."""

    def authenticate(self, request):
        address = client_address(request._request)
        limit, window = parse_rate(settings.API_THROTTLE_RATES["bad_token"])
        if "HTTP_AUTHORIZATION" in request.META and over_limit(scope="api-bad-token", key=address, limit=limit):
            raise exceptions.Throttled(wait=window)
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed:
            allow_attempt(scope="api-bad-token", key=address, limit=limit, window_seconds=window)
            raise

    def authenticate_credentials(self, key):
        token = (
            ApiToken.objects.select_related("user").filter(key_hash=ApiToken.hash(key), revoked_at__isnull=True).first()
        )
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked token."))
        if not token.user.is_active or token.user.distributor_id is None:
            raise exceptions.AuthenticationFailed(_("User inactive or not a distributor user."))
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return token.user, token
