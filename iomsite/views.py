import logging
import sys
from urllib.parse import quote

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseNotFound, HttpResponsePermanentRedirect
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from kernel import search as site_search
from kernel.models import Searchable
from kernel.prepared import prepared_objects
from kernel.views import page_redirect
from news.models import NewsItem
from news.views import news_cards
from pages.models import Page
from publications.models import Publication


class HomeView(TemplateView):
    """The office's introduction, its main sections and the latest news."""

    template_name = "iomsite/home.html"
    latest_news_count = 6

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sections"] = Page.objects.menu().filter(depth=1)
        latest = NewsItem.objects.published()[: self.latest_news_count]  # newest first
        context["latest_news"] = news_cards(latest, heading_level=3)
        return context


class SearchView(TemplateView):
    """/search/?q=: news (paginated), pages and publications (the words of their PDF
    files too), ranked, with highlighted excerpts."""

    template_name = "iomsite/search.html"
    pages_shown = 5
    publications_shown = 5

    page_number = None

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)  # rendered later, if at all
        if self.page_number is None:
            return response
        return page_redirect(request, self.page_number) or response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query, words, problem = site_search.clean_query(self.request.GET.get("q", ""))
        context.update(query=query, problem=problem)
        if not words:
            return context
        language = translation.get_language()
        # One time for all the queries; each compiled once per process (kernel.prepared).
        values = {
            "at": timezone.now(),
            "text": site_search.search_text(query, words, language),
            "words": words,
        }

        def found(model, queryset, shown=None):
            """What builds ``search()`` of ``queryset(at)`` (its first ``shown``)."""

            def build(at, text, words, leading=False, **_):
                fields = model.search_fields
                results = site_search.search(
                    queryset(at), text, words, fields, language, leading=leading
                )
                return results[:shown] if shown else results

            return build

        paginator = site_search.RankedPaginator(
            found(NewsItem, NewsItem.objects.published),
            lambda at, **_: NewsItem.objects.published(at),
            settings.NEWS_PER_PAGE,
            key=("search-news", language),
            **values,
        )
        page = paginator.get_page(self.request.GET.get("page"))
        self.page_number = page.number
        news_results = list(page.object_list)
        for item in news_results:
            item.excerpt, item.excerpt_lang = site_search.excerpt(item, ("lead", "body"), words)
        pages = publications = []
        if page.number == 1:
            pages = prepared_objects(
                ("search-pages", language, self.pages_shown),
                found(Page, Page.objects.published, self.pages_shown),
                **values,
            )
            for result in pages:
                result.excerpt, result.excerpt_lang = site_search.excerpt(
                    result, ("intro", "body"), words
                )
            publications = prepared_objects(
                ("search-publications", language, self.publications_shown),
                found(
                    Publication,
                    # With the files' text, for the excerpts (lists defer it).
                    lambda at: (
                        Publication.objects.published(at)
                        .for_list()
                        .defer(None)
                        .defer(*Searchable.vector_fields)
                    ),
                    self.publications_shown,
                ),
                **values,
            )
            for result in publications:
                result.excerpt, result.excerpt_lang = site_search.excerpt(
                    result, ("summary", "document_text"), words
                )
        context.update(
            news_results=news_results,
            # Each card kept per content generation, its lead the request's excerpt.
            news_cards=news_cards(news_results, heading_level=3, excerpts=True),
            page_results=pages,
            publication_results=publications,
            page_obj=page,
            paginator=paginator,
            is_paginated=page.has_other_pages(),
            page_range=paginator.get_elided_page_range(page.number, on_each_side=2),
        )
        return context


def faceted_lists():
    """The addresses of the filtered lists, in every language, as robots.txt patterns
    (a country's news: any country)."""
    patterns = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            country = reverse("news:country", kwargs={"slug": "-"}).replace("/-/", "/*/")
            patterns += [reverse("news:list"), country, reverse("publications:list")]
    return patterns


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    """Crawlers keep out of the admin, search results, and the filtered lists' pages
    with two query parameters or more (two filters, a filter's later pages): endless
    combinations, each marked noindex and linked rel="nofollow", that a crawler need
    not fetch (the list, its pages and each filter's first page stay open)."""
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    searches = [f"/{code}/search/" for code, _name in settings.LANGUAGES[1:]]
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        *(f"Disallow: {path}" for path in searches),
        *(f"Disallow: {path}?*&" for path in faceted_lists()),
        f"Sitemap: {sitemap}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico; answer with our SVG icon (resolved per request,
    since the hashed static name only exists after collectstatic)."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


@requires_csrf_token
def page_not_found(request, exception):
    """handler404: Django's 404 page, with ``not_found`` set for the templates (an
    address that moved or went is answered by kernel.middleware.RedirectsMiddleware).

    There is no page here, so no link may be built from the requested path (which
    may be ``//evil.example/x/``): no canonical, alternate or og:url links, and the
    language switcher leads to each language's home page."""
    message = getattr(exception, "args", None) and exception.args[0]
    context = {
        "request_path": quote(request.path),
        "exception": message if isinstance(message, str) else type(exception).__name__,
        "not_found": True,
    }
    return HttpResponseNotFound(loader.render_to_string("404.html", context, request))


logger = logging.getLogger(__name__)


def server_error(request):
    """handler500: a database outage answers 503 (try again soon), anything else 500.

    Both pages are rendered without the database or the request context."""
    exc = sys.exc_info()[1]
    # The error may come before LocaleMiddleware ran: take the language from the path.
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        if isinstance(exc, (OperationalError, InterfaceError)):
            logger.error("Database unavailable: %s", exc)
            response = HttpResponse(loader.get_template("503.html").render(), status=503)
            response["Retry-After"] = "10"
        else:
            response = HttpResponse(loader.get_template("500.html").render(), status=500)
    response["Cache-Control"] = "no-store"
    return response
