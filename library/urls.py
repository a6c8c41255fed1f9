from django.urls import path

from library import views

app_name = "library"

urlpatterns = [
    path("", views.library, name="library"),
    path("<int:asset_id>/download/", views.download, name="download"),
    path("<int:asset_id>/preview.png", views.preview, name="preview"),
]
