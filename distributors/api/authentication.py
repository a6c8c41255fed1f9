"""Token authentication for distributors' machines: `Authorization: Token <key>`; only the key's
SHA-256 is stored. A revoked token or a deactivated user is refused at the next request."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from distributors.models import ApiToken


class ApiTokenAuthentication(authentication.TokenAuthentication):
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
