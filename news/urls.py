from django.urls import path

from news import views

app_name = "news"

urlpatterns = [
    path("", views.news_list, name="list"),
    path("<int:item_id>/", views.news_item, name="item"),
    path("webinars/", views.webinars, name="webinars"),
    path("webinars/<int:webinar_id>/file/", views.webinar_file, name="webinar_file"),
]
