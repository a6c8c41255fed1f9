"""The subscriber's pages: preferences (signed in), and the confirmation and unsubscribe links from
e-mails (no sign-in: the signed token says who). Both links show a page with one button and act
only on POST, so a mail scanner that opens links changes nothing."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from newsletter import selectors, services, tokens
from newsletter.forms import PreferencesForm
from newsletter.models import Topic
from portal.views import member_required
from toolkit.errors import PortalError
from toolkit.throttling import client_address


@member_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    subscriptions = selectors.subscriptions_of(request.user)
    form = PreferencesForm(request.POST or None, subscriptions=subscriptions)
    if request.method == "POST" and form.is_valid():
        language = (get_language() or "ru")[:2]
        added = services.preferences_save(user=request.user, choices=form.choices(), language=language)
        if added:
            messages.success(
                request,
                _("Saved. We sent a confirmation link to %(email)s: the newsletter starts once you open it.")
                % {"email": request.user.email},
            )
        else:
            messages.success(request, _("Your newsletter preferences are saved."))
        return redirect("newsletter:preferences")
    return render(request, "newsletter/preferences.html", {"form": form, "subscriptions": subscriptions})


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    try:
        user_id, topics = tokens.read_confirmation_token(token)
    except tokens.BadToken:
        return _refused(
            request, _("This confirmation link is not valid or has expired. Save your choice again to get a new one.")
        )
    if request.method == "POST":
        try:
            confirmed = services.subscriptions_confirm(token=token, address=client_address(request))
        except PortalError as error:
            return _refused(request, error.message)
        return render(request, "newsletter/confirmed.html", {"topics": [Topic(s.topic).label for s in confirmed]})
    return render(request, "newsletter/confirm.html", {"topics": [Topic(t).label for t in topics if t in Topic.values]})


# Mail clients POST here with no session and no CSRF token (RFC 8058 one-click unsubscribe): the
# signed token is the proof. This one view is exempt from the CSRF check.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    try:
        user_id, topic = tokens.read_unsubscribe_token(token)
    except tokens.BadToken:
        return _refused(request, _("This unsubscribe link is not valid."))
    label = _("all topics") if topic == tokens.ALL_TOPICS else (Topic(topic).label if topic in Topic.values else topic)
    if request.method == "POST":
        try:
            services.unsubscribe(token=token)
        except PortalError as error:
            return _refused(request, error.message)
        return render(request, "newsletter/unsubscribed.html", {"topic": label})
    if not selectors.is_subscribed(user_id, topic):  # the link opened again: it is done already
        return render(request, "newsletter/unsubscribed.html", {"topic": label})
    return render(request, "newsletter/unsubscribe.html", {"topic": label})


def _refused(request, message):
    return render(request, "newsletter/link_refused.html", {"message": message}, status=400)
