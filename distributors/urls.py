from django.urls import path

from distributors import views

app_name = "distributors"
urlpatterns = [
    path("reports/", views.reports, name="reports"),
    path("reports/template.xlsx", views.report_template, name="template"),
    path("reports/<int:report_id>/", views.report, name="report"),
    path("reports/<int:report_id>/status/", views.report_status, name="report_status"),
    path("reports/<int:report_id>/rejected.xlsx", views.report_errors, name="report_errors"),
    path("reports/<int:report_id>/original/", views.report_original, name="report_original"),
    path("tokens/", views.tokens, name="tokens"),
    path("distributor/colleagues/invite/", views.invite_colleague, name="invite_colleague"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
]
