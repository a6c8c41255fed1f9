"""REST API v1. Payouts arrive with issue 5."""

from django.http import JsonResponse
from django.urls import path, re_path
from django.views.decorators.csrf import csrf_exempt

from advantage.api.views import BalanceView, ClaimListView, RewardListView
from deals.api.views import (
    DealDetailView,
    DealExtensionView,
    DealListView,
    DealOutcomeView,
    DealSubmitView,
    DealWithdrawView,
)
from discounts.api.views import DiscountToolView, DistributorDiscountListView
from distributors.api.views import ReportDetailView, ReportErrorListView, ReportListView, SalesLineListView
from portal.api import views
from rebates.api.training_gates import TrainingGateStatusView
from rebates.api.views import EnrollmentView, PayoutLineListView, ProgramListView, ProgressView

app_name = "api"
urlpatterns = [
    path("me/", views.MeView.as_view(), name="me"),
    path("programs/", ProgramListView.as_view(), name="programs"),
    path("enrollments/", EnrollmentView.as_view(), name="enrollments"),
    path("training-gates/", TrainingGateStatusView.as_view(), name="training-gates"),
    path("reports/", ReportListView.as_view(), name="reports"),
    path("reports/<int:pk>/", ReportDetailView.as_view(), name="report"),
    path("reports/<int:pk>/errors/", ReportErrorListView.as_view(), name="report-errors"),
    path("sales-lines/", SalesLineListView.as_view(), name="sales-lines"),
    path("payout-lines/", PayoutLineListView.as_view(), name="payout-lines"),
    path("progress/", ProgressView.as_view(), name="progress"),
    path("deals/", DealListView.as_view(), name="deals"),
    path("deals/<int:pk>/", DealDetailView.as_view(), name="deal"),
    path("deals/<int:pk>/submit/", DealSubmitView.as_view(), name="deal-submit"),
    path("deals/<int:pk>/withdraw/", DealWithdrawView.as_view(), name="deal-withdraw"),
    path("deals/<int:pk>/extension/", DealExtensionView.as_view(), name="deal-extension"),
    path("deals/<int:pk>/outcome/", DealOutcomeView.as_view(), name="deal-outcome"),
    path("advantage/claims/", ClaimListView.as_view(), name="advantage-claims"),
    path("advantage/balance/", BalanceView.as_view(), name="advantage-balance"),
    path("advantage/rewards/", RewardListView.as_view(), name="advantage-rewards"),
    path("discounts/tool/", DiscountToolView.as_view(), name="discount-tool"),
    path("discounts/", DistributorDiscountListView.as_view(), name="discounts"),
    # Anything else under /api/v1/ answers in JSON too, not with the HTML 404 page (nor, for a POST
    # such as /deals/-1/submit/, with the HTML CSRF page: there is nothing here to protect).
    re_path(r"^.*$", csrf_exempt(lambda request, *args, **kwargs: JsonResponse({"detail": "Not found."}, status=404))),
]
