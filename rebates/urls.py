from django.urls import path

from rebates import views

app_name = "rebates"
urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("programs/", views.programs, name="programs"),
    path("programs/<int:program_id>/accept/", views.accept, name="accept"),
    path("trainings/", views.trainings, name="trainings"),
    path("statements/", views.statements, name="statements"),
    path("statements/<int:run_id>/statement.xlsx", views.statement_download, name="statement_download"),
    path("statements/<int:run_id>/statement.pdf", views.statement_pdf_download, name="statement_pdf"),
]
