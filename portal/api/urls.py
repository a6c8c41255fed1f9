"""REST API v1. Programs, enrollments, reports and payouts arrive with issues 3–5."""

from django.urls import path

from portal.api import views

app_name = "api"
urlpatterns = [
    path("me/", views.MeView.as_view(), name="me"),
]
