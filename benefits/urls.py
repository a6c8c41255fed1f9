from django.urls import path

from benefits import views

app_name = "benefits"

urlpatterns = [
    path("certificate/", views.certificate, name="certificate"),
    path("certificate/<str:number>.pdf", views.certificate_download, name="certificate_download"),
    path("verify/<str:number>/", views.verify, name="verify"),
    path("where-to-buy/", views.directory, name="directory"),
    path("where-to-buy/feed.json", views.directory_feed, {"fmt": "json"}, name="directory_feed_json"),
    path("where-to-buy/feed.csv", views.directory_feed, {"fmt": "csv"}, name="directory_feed_csv"),
    path("where-to-buy/my-listing/", views.listing, name="listing"),
    path("where-to-buy/my-listing/withdraw/", views.listing_withdraw, name="listing_withdraw"),
]
