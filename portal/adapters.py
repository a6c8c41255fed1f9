from allauth.account.adapter import DefaultAccountAdapter

from toolkit.throttling import client_address


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # Companies apply through the registration form; logins are created on approval or by invitation.
        return False

    def get_client_ip(self, request):
        # allauth's login limits count by the same address as every other limit of the portal.
        return client_address(request)
