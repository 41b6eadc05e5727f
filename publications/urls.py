from django.urls import path

from kernel.feeds import atom

from . import feeds, views

app_name = "publications"
urlpatterns = [
    path("", views.PublicationListView.as_view(), name="list"),
    path("feed/", feeds.LatestPublicationsFeed(), name="feed"),
    path("feed/atom/", atom(feeds.LatestPublicationsFeed), name="feed-atom"),
    path("<slug:slug>/", views.PublicationDetailView.as_view(), name="detail"),
    path("<slug:slug>/<str:language>.pdf", views.download, name="download"),
]
