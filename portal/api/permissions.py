from rest_framework.permissions import BasePermission


class IsPartnerUser(BasePermission):
    """The caller acts for an active partner company."""

    message = "This endpoint is for partner users."

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.partner_id and user.partner.is_active)
