from django.urls import path

from kernel.feeds import atom

from . import feeds, views

app_name = "news"
urlpatterns = [
    path("", views.NewsListView.as_view(), name="list"),
    path("feed/", feeds.LatestNewsFeed(), name="feed"),
    path("feed/atom/", atom(feeds.LatestNewsFeed), name="feed-atom"),
    path("country/<slug:slug>/", views.CountryNewsView.as_view(), name="country"),
    path("country/<slug:slug>/feed/", feeds.CountryNewsFeed(), name="country-feed"),
    path("country/<slug:slug>/feed/atom/", atom(feeds.CountryNewsFeed), name="country-feed-atom"),
    path("topic/<slug:slug>/feed/", feeds.TopicNewsFeed(), name="topic-feed"),
    path("topic/<slug:slug>/feed/atom/", atom(feeds.TopicNewsFeed), name="topic-feed-atom"),
    path("<slug:slug>/", views.NewsDetailView.as_view(), name="detail"),
]
