from django.urls import path

from benefits import views

app_name = "benefits"

urlpatterns = [
    path("certificate/", views.certificate, name="certificate"),
    path("certificate/<str:number>.pdf", views.certificate_download, name="certificate_download"),
    path("verify/<str:number>/", views.verify, name="verify"),
]
