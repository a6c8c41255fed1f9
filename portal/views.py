"""Partner-facing pages: registration, status look-up, dashboard, colleagues, account activation."""

from functools import wraps

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.tokens import default_token_generator
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal import company, selectors, services
from portal.access import access_refusal, is_distributor_user, is_partner_user
from portal.forms import (
    ActivationForm,
    ApplicationForm,
    CompanyProfileForm,
    InviteColleagueForm,
    OwnProfileForm,
    StatusLookupForm,
)
from portal.models import User
from toolkit.errors import PortalError
from toolkit.throttling import allow_attempt, client_address


def role_required(has_role, *, no_role_template="portal/no_partner.html"):
    """Pages of one kind of user (partner or distributor staff, or vendor staff where a page serves
    them too): signed in, verified e-mail, login and company active (`portal.access`). Others are
    sent where they belong: staff to the admin (which asks for a second factor first), partners to
    their dashboard, distributors to their reports; a suspended company's users see why."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            user = request.user
            refusal = access_refusal(user)
            if refusal is None and has_role(user):
                if not user.is_staff and not _email_verified(request):
                    return redirect("account_email_verification_sent")
                return view(request, *args, **kwargs)
            if user.is_staff:
                return redirect("admin:index")
            if refusal is None and is_partner_user(user):
                return redirect("rebates:dashboard")
            if refusal is None and is_distributor_user(user):
                return redirect("distributors:reports")
            return render(request, no_role_template, {"refusal": refusal}, status=403)

        return wrapper

    return decorator


def _email_verified(request) -> bool:
    """Remembered in the session once true (a verified address stays verified; another address is
    checked again): one query less on every page."""
    user = request.user
    if request.session.get(VERIFIED_EMAIL_KEY) == user.email:
        return True
    verified = EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()
    if verified:
        request.session[VERIFIED_EMAIL_KEY] = user.email
    return verified


VERIFIED_EMAIL_KEY = "portal_verified_email"


partner_required = role_required(is_partner_user)
# Statements: partners and distributors see their own; vendor staff reach them through the admin.
member_required = role_required(lambda user: is_partner_user(user) or is_distributor_user(user))
# Files that staff open too (statements, certificates); the view decides which objects they see.
member_or_staff_required = role_required(
    lambda user: user.is_staff or is_partner_user(user) or is_distributor_user(user)
)


def home(request):
    return render(request, "portal/home.html")


@require_http_methods(["GET", "POST"])
def register(request):
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and not _registration_allowed(request):
        form.add_error(
            None,
            _(
                "Too many applications were sent from your network in the last hour. Try again later or write to Dell_Partner_Support@Dell.com."
            ),
        )
        return render(request, "portal/register.html", {"form": form}, status=429)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k not in ("specializations", "consent")}
        try:
            application = services.application_submit(
                fields=fields, specializations=form.cleaned_data["specializations"], language=get_language() or "ru"
            )
        except PortalError as error:
            form.add_error(error.field, error.message)
        else:
            request.session["submitted_pr_number"] = application.pr_number
            request.session["submitted_email"] = application.contact_email
            return redirect("portal:register_done")
    return render(request, "portal/register.html", {"form": form}, status=400 if form.errors else 200)


def _registration_allowed(request) -> bool:
    """Applications that passed the form's checks, per client address and hour: an office sending
    a few is fine, a script sending hundreds is not (typos do not count)."""
    return allow_attempt(
        scope="register", key=client_address(request), limit=settings.REGISTRATION_RATE, window_seconds=3600
    )


def register_done(request):
    pr_number = request.session.get("submitted_pr_number")
    if not pr_number:
        return redirect("portal:register")
    return render(
        request,
        "portal/register_done.html",
        {"pr_number": pr_number, "email": request.session.get("submitted_email", "")},
    )


@require_http_methods(["GET", "POST"])
def application_status(request):
    form = StatusLookupForm(request.POST or None)
    application, not_found, throttled = None, False, False
    if request.method == "POST":
        throttled = not allow_attempt(
            scope="status",
            key=client_address(request),
            limit=settings.STATUS_LOOKUP_RATE,
            window_seconds=settings.STATUS_LOOKUP_WINDOW_SECONDS,
        )
        if not throttled and form.is_valid():
            application = selectors.application_for_status_lookup(**form.cleaned_data)
            not_found = application is None
    status = 429 if throttled else 200
    return render(
        request,
        "portal/status.html",
        {"form": form, "application": application, "not_found": not_found, "throttled": throttled},
        status=status,
    )


@partner_required
@require_http_methods(["GET", "POST"])
def invite_colleague(request):
    if not request.user.is_partner_admin:
        return render(request, "portal/no_partner.html", {"reason": "not_admin"}, status=403)
    form = InviteColleagueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.partner_invite_colleague(actor=request.user, **form.cleaned_data)
        except PortalError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": user.email})
            return redirect("rebates:dashboard")
    return render(request, "portal/invite.html", {"form": form})


@require_http_methods(["GET", "POST"])
def activate(request, uidb64, token):
    """Set the first password from the link in the approval or invitation e-mail."""
    try:
        user = User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)), is_active=True)
    except (User.DoesNotExist, ValueError, TypeError, OverflowError):
        user = None
    if user is None or not default_token_generator.check_token(user, token):
        return render(request, "portal/activate.html", {"invalid": True}, status=400)
    form = ActivationForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.account_activate(user=user, password=form.cleaned_data["new_password1"])
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Your password is set. Welcome to the portal!"))
        return redirect(reverse("rebates:dashboard"))
    return render(request, "portal/activate.html", {"form": form, "user_email": user.email})


@partner_required
@require_http_methods(["GET", "POST"])
def company_profile(request):
    """The company profile: its administrator changes contacts at once and asks for legal changes;
    colleagues see it. The history of changes below."""
    partner = request.user.partner
    may_edit = request.user.is_partner_admin
    if request.method == "POST" and not may_edit:
        return render(request, "portal/no_partner.html", {"reason": "not_admin"}, status=403)
    initial = {name: getattr(partner, name) for name in ("phone", "website", "city", "address", "segment",
                                                         "legal_name", "inn", "kpp")}  # fmt: skip
    initial["specializations"] = list(partner.specializations.all())
    form = CompanyProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                changed = company.company_update(
                    actor=request.user,
                    fields={name: data[name] for name in company.CONTACT_FIELDS},
                    specializations=data["specializations"],
                )
                asked = company.legal_data_request(
                    actor=request.user, legal_name=data["legal_name"], inn=data["inn"], kpp=data["kpp"]
                )
        except PortalError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            if changed:
                messages.success(request, _("The company's contacts are changed."))
            if asked:
                messages.info(request, _("The change of legal data is sent to your account manager for approval."))
            if not changed and not asked:
                messages.info(request, _("Nothing changed."))
            return redirect("portal:company")
    context = {
        "partner": partner,
        "form": form,
        "may_edit": may_edit,
        "pending": partner.legal_data_requests.filter(status="pending").first(),
        "history": Paginator(partner.changes.select_related("actor"), 20).get_page(request.GET.get("page")),
    }
    return render(request, "portal/company.html", context, status=400 if request.method == "POST" else 200)


@member_required
@require_http_methods(["GET", "POST"])
def my_account(request):
    """The user's own name, position, phone and language; the password through allauth's page."""
    form = OwnProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = company.own_profile_update(actor=request.user, **form.cleaned_data)
        translation.activate(user.language)
        messages.success(request, _("Your account settings are saved."))
        response = redirect("portal:my_account")
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            user.language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
        return response
    return render(request, "portal/my_account.html", {"form": form}, status=400 if request.method == "POST" else 200)
