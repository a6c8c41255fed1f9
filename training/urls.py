from django.urls import path

from training import views

app_name = "training"
urlpatterns = [
    path("trainings/certificates/<int:completion_id>/", views.certificate, name="certificate"),
]
