"""The peer's content, modelled the way the Wagtail docs and tutorial model a site.

HomePage is the site root; StandardPage a page of a section (intro and rich text);
NewsIndexPage the news list (``child_of().live()``, newest first, a country filter,
Django's Paginator); NewsPage a news item with date, dateline, lead, rich-text body
and countries (a snippet, chosen with a ParentalManyToManyField as the tutorial's
blog categories are).
"""

from django.core.paginator import Paginator
from django.db import models
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

NEWS_PER_PAGE = 10  # as our /news/ (settings.NEWS_PER_PAGE)
LATEST_NEWS = 6  # as our home page


@register_snippet
class Country(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(unique=True)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self):
        return self.name


class HomePage(Page):
    """The site root: an introduction, the sections and the latest news."""

    intro = models.TextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = StandardPage.objects.child_of(self).live().in_menu()
        context["latest_news"] = (
            NewsPage.objects.live().order_by("-date").prefetch_related("countries")[:LATEST_NEWS]
        )
        news_index = NewsIndexPage.objects.child_of(self).live().first()
        context["news_url"] = news_index.get_url(request) if news_index else ""
        return context


class StandardPage(Page):
    intro = models.TextField(blank=True)
    body = RichTextField(blank=True)

    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]


class NewsIndexPage(Page):
    """/news/: the live news items below it, newest first, 10 a page, ``?country=``."""

    subpage_types = ["home.NewsPage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        news = NewsPage.objects.child_of(self).live().order_by("-date")
        country = request.GET.get("country")
        if country:
            news = news.filter(countries__slug=country)
        paginator = Paginator(news.prefetch_related("countries"), NEWS_PER_PAGE)
        context["news"] = paginator.get_page(request.GET.get("page"))
        context["countries"] = Country.objects.all()
        context["country"] = country
        context["news_url"] = self.get_url(request)  # the cards' country links
        return context


class NewsPage(Page):
    date = models.DateField("Post date")
    dateline = models.CharField(max_length=100, blank=True)
    lead = models.TextField(blank=True)
    body = RichTextField(blank=True)
    countries = ParentalManyToManyField(Country, blank=True)

    parent_page_types = ["home.NewsIndexPage"]
    search_fields = [
        *Page.search_fields,
        index.SearchField("lead"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("dateline"),
        FieldPanel("countries"),
        FieldPanel("lead"),
        FieldPanel("body"),
    ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["news_url"] = self.get_parent().get_url(request)  # country links, "return"
        return context
