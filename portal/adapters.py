from allauth.account.adapter import DefaultAccountAdapter
from django.template.loader import render_to_string
from django.utils import translation

from toolkit.throttling import client_address


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # Companies apply through the registration form; logins are created on approval or by invitation.
        return False

    def get_client_ip(self, request):
        # allauth's login limits count by the same address as every other limit of the portal.
        return client_address(request)

    def render_mail(self, template_prefix, email, context, headers=None):
        # allauth's own messages (password reset, unknown account) are plain text: they get the
        # HTML part every portal e-mail has, the text set in the portal's e-mail layout.
        message = super().render_mail(template_prefix, email, context, headers=headers)
        if not getattr(message, "alternatives", None) and message.content_subtype == "plain":
            html = render_to_string(
                "emails/layout.html",
                {"subject": message.subject, "text": message.body, "language": translation.get_language()},
            )
            message.attach_alternative(html, "text/html")
        return message
