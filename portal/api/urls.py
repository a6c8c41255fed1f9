"""REST API v1. Reports and payouts arrive with issues 4–5."""

from django.urls import path

from portal.api import views
from rebates.api.views import EnrollmentView, ProgramListView
from training.api.views import TrainingGateStatusView

app_name = "api"
urlpatterns = [
    path("me/", views.MeView.as_view(), name="me"),
    path("programs/", ProgramListView.as_view(), name="programs"),
    path("enrollments/", EnrollmentView.as_view(), name="enrollments"),
    path("training-gates/", TrainingGateStatusView.as_view(), name="training-gates"),
]
