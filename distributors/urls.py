from django.urls import path

from distributors import claim_views, views

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
    # Missing-ID claims: the partner's page, the distributor's answers (docs/claims.md).
    path("claims/", claim_views.my_claims, name="my_claims"),
    path("distributor/claims/", claim_views.distributor_claims, name="claims"),
    path("distributor/claims/<int:claim_id>/confirm/", claim_views.claim_confirm, name="claim_confirm"),
    path("distributor/claims/<int:claim_id>/reject/", claim_views.claim_reject, name="claim_reject"),
]
