from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # Companies apply through the registration form; logins are created on approval or by invitation.
        return False
