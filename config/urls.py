"""The project's URLs: each app's own patterns, accounts, admin and the API."""

from django.contrib import admin
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path, reverse_lazy
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from toolkit import health


def favicon(request):
    """Pages that do not link the icon (the admin's) still get one where browsers look for it. The
    static URL is resolved per request: with manifest storage it exists only after collectstatic."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))


urlpatterns = [
    path("favicon.ico", favicon, name="favicon"),
    path("health/live", health.live, name="health-live"),
    path("health/ready", health.ready, name="health-ready"),
    path("", include("portal.urls")),
    path("", include("rebates.urls")),
    path("", include("training.urls")),
    path("", include("distributors.urls")),
    path("deals/", include("deals.urls")),
    path("", include("benefits.urls")),
    path("newsletter/", include("newsletter.urls")),
    path("advantage/", include("advantage.urls")),
    path("library/", include("library.urls")),
    path("", include("discounts.urls")),
    path("service-centers/", include("service_locator.urls")),
    path("news/", include("news.urls")),
    path("leads/", include("leads.urls")),
    # Companies sign up through the registration form, not allauth's signup (which is closed).
    path("accounts/signup/", RedirectView.as_view(url=reverse_lazy("portal:register")), name="signup_redirect"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: the CSP (script-src self + nonce) blocked the inline one.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    path("api/v1/", include("config.api_urls")),
]

handler500 = "toolkit.outage.server_error"
