from rest_framework.permissions import BasePermission

from portal.access import access_refusal, is_distributor_user, is_partner_user


class PortalUser(BasePermission):
    """Every API call: signed in, the login and its company active, staff with a second factor
    (the default permission class; the others below add a role)."""

    message = "Authentication required."

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        refusal = access_refusal(user)
        if refusal:
            self.message = refusal
            return False
        return True


class IsPartnerUser(PortalUser):
    """The caller acts for an active partner company."""

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        self.message = "This endpoint is for partner users."
        return is_partner_user(request.user)


class IsDistributorUser(PortalUser):
    """The caller acts for an active distributor."""

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        self.message = "This endpoint is for distributor users."
        return is_distributor_user(request.user)
