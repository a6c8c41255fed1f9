from django.urls import path

from service_locator import views

app_name = "service_locator"

urlpatterns = [
    path("", views.service_centers, name="centers"),
]
