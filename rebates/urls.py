from django.urls import path

from rebates import views

app_name = "rebates"
urlpatterns = [
    path("programs/", views.programs, name="programs"),
    path("programs/<int:program_id>/accept/", views.accept, name="accept"),
]
