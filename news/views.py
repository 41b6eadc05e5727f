from collections import Counter
from types import SimpleNamespace

from django.conf import settings
from django.db.models import Count, Q, QuerySet, prefetch_related_objects
from django.db.models.functions import ExtractMonth, ExtractYear
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from kernel.cache import cached_by_generation, cached_fragments
from kernel.filters import FacetedListMixin, KnownCountPaginator, Option, Select
from kernel.languages import LANGUAGE_CODES, localized_name, value_in
from kernel.prepared import prepared_rows
from kernel.views import (
    ContentDetailMixin,
    PublicQuerysetMixin,
    canonical_path,
    page_redirect,
    related_lists,
    share_image,
    site_organization,
)

from .forms import NewsFilterForm
from .models import Country, NewsItem, Topic


def term_lists():
    """(countries, topics): every one, sorted by name in the reader's language (so one
    list per language), cached per content generation: the filters of the newsroom
    and of any list tagged with the same terms."""
    language = get_language()
    countries = cached_by_generation(f"countries:{language}", lambda: list(Country.objects.all()))
    topics = cached_by_generation(f"topics:{language}", lambda: list(Topic.objects.all()))
    return countries, topics


# Where a card's lead goes when a search result shows its own excerpt there.
LEAD_SLOT = mark_safe("\x00lead\x00")


SLUG_COLUMNS = [localized_name("slug", code) for code in LANGUAGE_CODES]


class Listed(list):
    """The items a list shows, in order, as ``ListedNews``."""


class ListedNews(SimpleNamespace):
    """An item of a list with its id and slugs only: its address, and the key of its
    card (a model instance costs more to build than its card, kept, to show)."""

    def get_absolute_url(self):
        # The slug a reader of the language sees, as NewsItem.slug (theirs, else English).
        return NewsItem.address(value_in(self, "slug", get_language()))


def listed_news(items):
    """``items`` (a slice of published news) as ``Listed`` items, in one light query."""
    return Listed(
        ListedNews(pk=pk, **dict(zip(SLUG_COLUMNS, slugs, strict=True)))
        for pk, *slugs in items.values_list("pk", *SLUG_COLUMNS)
    )


def news_cards(items, heading_level=2, excerpts=False):
    """The cards of ``items``, each rendered once per content generation and language
    for every list that shows it.

    ``items``: a slice of published news, in order, or its ``listed_news`` (one query
    for their ids, two more only when some card is not rendered yet); or search
    results, whose ``excerpt`` replaces each card's lead (``excerpts``): the rest of
    the card is kept, the excerpt is the request's own."""
    if isinstance(items, QuerySet):
        items = listed_news(items)
    given = {item.pk: item for item in items}
    ids = list(given)

    def fetch(missing):
        if isinstance(items, Listed):
            return (
                NewsItem.objects.filter(pk__in=missing).defer(*NewsItem.card_deferred()).for_list()
            )
        found = [given[pk] for pk in missing]
        prefetch_related_objects(found, *NewsItem.list_lookups())
        return found

    def render(missing):
        return {
            item.pk: render_to_string(
                "news/includes/news_card.html",
                {"item": item, "heading_level": heading_level, "lead_slot": excerpts and LEAD_SLOT},
            )
            for item in fetch(missing)
        }

    name = "news-card-with-excerpt" if excerpts else "news-card"
    cards = cached_fragments(name, ids, render, parts=[heading_level])
    if not excerpts:
        return cards
    return [
        mark_safe(
            card.replace(
                LEAD_SLOT, render_to_string("news/includes/card_lead.html", {"item": given[pk]})
            )
        )
        for pk, card in zip(ids, cards, strict=True)
    ]


class NewsQuerysetMixin(PublicQuerysetMixin):
    """The queryset every news view starts from (the staff-may-preview rule is the
    kernel's)."""

    model = NewsItem


class NewsListView(FacetedListMixin, NewsQuerysetMixin, ListView):
    """/news/: newest first, filtered by country, topic, type, scope, year and month;
    every option of the filters shows how many items it would give with the other
    filters as they are (and leads nowhere when that is none)."""

    paginate_by = settings.NEWS_PER_PAGE
    country = None  # a country's own page (CountryNewsView) has no country filter
    # The filters by a term, counted by a query each (filter -> the term's slug, as a
    # values() path); type and scope are counted by one more query, the dates by the
    # archive's.
    term_facets = {"country": "countries__slug", "topic": "topics__slug"}

    def get_filter_data(self):
        return self.request.GET

    def get(self, request, *args, **kwargs):
        self.countries, self.topics = term_lists()
        self.filter_form = NewsFilterForm(
            self.get_filter_data(), countries=self.countries, topics=self.topics
        )
        if not self.filter_form.is_valid():
            raise Http404(self.filter_form.error_text())
        self.filters = self.filter_form.cleaned_data
        self.archive_rows = cached_by_generation(
            "archive:" + self.archive_key(), self.get_archive_rows
        )
        response = super().get(request, *args, **kwargs)  # rendered later, if at all
        return page_redirect(request, self.page_number, self.page_kwarg) or response

    LOOKUPS = {"country": "countries", "topic": "topics", "type": "kind", "scope": "scope",
               "year": "published_at__year", "month": "published_at__month"}  # fmt: skip

    def apply_filters(self, queryset, *, dates=True, leave_out=(), filters=None):
        """``queryset`` filtered as chosen (or by ``filters``: a country or topic may
        be its id); without the dates, or the filters named in ``leave_out``, if
        asked."""
        filters = self.filters if filters is None else filters
        for name, lookup in self.LOOKUPS.items():
            value = filters.get(name)
            if value and name not in leave_out and (dates or name not in ("year", "month")):
                queryset = queryset.filter(**{lookup: value})
        return queryset

    def get_queryset(self):
        return self.apply_filters(super().get_queryset())

    def paginate_queryset(self, queryset, page_size):
        """Out-of-range or malformed page numbers show the nearest real page.

        The number of items is the sum of the archive's month counts that match the
        date filters, so the paginator needs no COUNT query of its own."""
        year, month = self.filters.get("year"), self.filters.get("month")
        count = sum(
            row["count"]
            for row in self.archive_rows
            if (not year or row["year"] == year) and (not month or row["month"] == month)
        )
        paginator = KnownCountPaginator(queryset, page_size, count=count)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        self.page_number = page.number
        return paginator, page, page.object_list, page.has_other_pages()

    def archive_key(self):
        """The filters the archive counts depend on (not the dates, not the page)."""
        filters = self.filters
        return "|".join(
            [
                getattr(filters.get("country"), "slug", ""),
                getattr(filters.get("topic"), "slug", ""),
                filters.get("type") or "",
                filters.get("scope") or "",
            ]
        )

    def get_archive_rows(self):
        """Published items per year and month, other filters applied (one query)."""
        return list(
            self.apply_filters(NewsItem.objects.published(), dates=False)
            .annotate(year=ExtractYear("published_at"), month=ExtractMonth("published_at"))
            .values("year", "month")
            .annotate(count=Count("pk", distinct=True))
            .order_by("-year", "-month")
        )

    def chosen(self):
        """The chosen filters as query parameters (slugs for countries and topics), in
        a fixed order; on a country's page, not its own country (the page's)."""
        return [
            (name, getattr(value, "slug", value))
            for name, value in sorted(self.filters.items())
            if value and not (name == "country" and self.country is not None)
        ]

    def filter_key(self):
        """What the filter form and the sidebar show besides the content: the chosen
        filters, and whose page it is (the key of their cached fragments)."""
        return f"{getattr(self.country, 'slug', '')}?{urlencode(self.chosen())}"

    def get_archive(self):
        """Years with their months, counts and links (built here: cheaper than tags)."""
        years = []
        for row in self.archive_rows:
            year, month = row["year"], row["month"]
            if not years or years[-1]["year"] != year:
                link = self.link(year=year, month=None)
                years.append({"year": year, "count": 0, "months": [], "link": link})
            years[-1]["count"] += row["count"]
            years[-1]["months"].append(
                {
                    "month": month,
                    "name": MONTHS[month],
                    "count": row["count"],
                    "link": self.link(year=year, month=month),
                }
            )
        return years

    def count_facets(self):
        """{filter: {value: count}}: per filter, the published items each value gives
        with the other filters as they are. One query per filter of ``term_facets``,
        and one for type and scope together (an item has one of each)."""
        published, counts = NewsItem.objects.published(), {}
        for name, path in self.term_facets.items():
            rows = (
                self.apply_filters(published, leave_out=[name])
                .order_by()
                .values(path)
                .annotate(count=Count("pk", distinct=True))
                .values_list(path, "count")
            )
            counts[name] = {value: count for value, count in rows if value is not None}
        rows = (
            self.apply_filters(published, leave_out=["type", "scope"])
            .order_by()
            .values("kind", "scope")
            .annotate(count=Count("pk", distinct=True))
            .values_list("kind", "scope", "count")
        )
        kind, scope = self.filters.get("type"), self.filters.get("scope")
        counts["type"], counts["scope"] = Counter(), Counter()
        for row_kind, row_scope, count in rows:
            if not scope or row_scope == scope:
                counts["type"][row_kind] += count
            if not kind or row_kind == kind:
                counts["scope"][row_scope] += count
        return counts

    def count_dates(self):
        """{"year": {year: count}, "month": {month: count}} from the archive's counts:
        each year with the month chosen, each month with the year chosen."""
        year, month = self.filters.get("year"), self.filters.get("month")
        years, months = Counter(), Counter()
        for row in self.archive_rows:
            if not month or row["month"] == month:
                years[row["year"]] += row["count"]
            if not year or row["year"] == year:
                months[row["month"]] += row["count"]
        return {"year": years, "month": months}

    @cached_property
    def facet_counts(self):
        """Every filter's counts, with the other filters as chosen: once per content
        generation and choice, and only where the filters are rendered (their
        fragments are kept per choice, ``filter_key``)."""
        counts = cached_by_generation(f"news-facets:{self.filter_key()}", self.count_facets)
        return {**counts, **self.count_dates()}

    def describe_filters(self):
        filters = self.filters
        parts = [str(filters[name]) for name in ("country", "topic") if filters.get(name)]
        if filters.get("type"):
            parts.append(str(NewsItem.Kind(filters["type"]).label))
        if filters.get("scope"):
            parts.append(str(NewsItem.Scope(filters["scope"]).label))
        if filters.get("month"):
            parts.append(str(MONTHS[filters["month"]]))
        if filters.get("year"):
            parts.append(str(filters["year"]))
        return " · ".join(parts)

    def get_selects(self):
        """The filter form's drop-downs as data, so that one loop renders them all;
        each option with its count (one that gives nothing cannot be chosen)."""
        filters, language, counts = self.filters, get_language(), self.facet_counts

        def terms(name, objects):
            chosen = filters.get(name)
            for obj in objects:
                shown = obj.language_of("name", language)
                lang = "" if shown == language else shown
                yield Option(obj.slug, obj.name, obj == chosen, lang, counts[name].get(obj.slug, 0))

        def choices(name, pairs):
            chosen = filters.get(name)
            return [
                Option(value, text, value == chosen, "", counts[name].get(value, 0))
                for value, text in pairs
            ]

        # The years with news for the other filters, and the one chosen in any case.
        years = sorted({*counts["year"], *([filters["year"]] if filters.get("year") else [])})
        selects = [
            Select("topic", _("Topic"), _("All topics"), terms("topic", self.topics)),
            Select("type", _("Type"), _("All types"), choices("type", NewsItem.Kind.choices)),
            Select(
                "scope", _("Scope"), _("Global and local"), choices("scope", NewsItem.Scope.choices)
            ),
            Select(
                "year", _("Year"), _("All years"), choices("year", ((y, y) for y in years[::-1]))
            ),
            Select("month", _("Month"), _("Any month"), choices("month", MONTHS.items())),
        ]
        if self.country is None:
            countries = terms("country", self.countries)
            selects.insert(0, Select("country", _("Country"), _("All countries"), countries))
        return selects

    def listed(self, page):
        """The page's items (``listed_news``), in a query compiled once per process,
        filter choice and page (kernel.prepared), run with the chosen countries' and
        topics' ids and the time now."""
        chosen = {
            name: getattr(value, "pk", value) for name, value in self.filters.items() if value
        }
        start = (page.number - 1) * page.paginator.per_page
        stop = start + page.paginator.per_page

        def build(at, **filters):
            listed = self.apply_filters(NewsItem.objects.published(at), filters=filters)
            return listed[start:stop].raw_values("pk", *SLUG_COLUMNS)

        key = ("news-list", get_language(), *sorted(chosen), start, stop)
        return Listed(
            ListedNews(**row) for row in prepared_rows(key, build, at=timezone.now(), **chosen)
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        listed = self.listed(page)
        context.update(
            filters=self.filters,
            is_filtered=any(self.filters.values()),
            listed=listed,  # their addresses, for the page's structured data
            cards=news_cards(listed),
            clearable=bool(self.chosen()),
            filter_description=self.describe_filters(),
            filter_key=self.filter_key(),
            # Computed only where rendered: once per content generation and filter
            # choice (their fragments are cached, see kernel.templatetags.fragments).
            archive=SimpleLazyObject(self.get_archive),
            selects=SimpleLazyObject(self.get_selects),
            page_range=page.paginator.get_elided_page_range(page.number, on_each_side=2),
            **self.crawl_context(page),
        )
        return context


class CountryNewsView(NewsListView):
    """/news/country/<slug>/: a country's news, its topics and its media contacts."""

    template_name = "news/country_detail.html"
    # The country is the page's; its topics are counted for the sidebar's list.
    term_facets = {}

    def get_filter_data(self):
        by_slug = {country.slug: country for country in self.countries}
        self.country = by_slug.get(self.kwargs["slug"])
        if self.country is None:
            raise Http404(_("There is no country “%(slug)s” in the newsroom.") % self.kwargs)
        data = self.request.GET.copy()
        data["country"] = self.country.slug
        return data

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["country"] = self.country
        context["country_topics"] = SimpleLazyObject(self.get_country_topics)
        context["all_topics"] = self.link(topic=None)
        # Only where the sidebar is rendered (a fragment kept per generation).
        context["country_contacts"] = SimpleLazyObject(
            lambda: list(self.country.contacts.active().with_emails())
        )
        return context

    def count_facets(self):
        """The type and scope counts, and each of the country's topics (every topic of
        its published news) with the news it gives with the other filters, which may
        be none (one query, as the sidebar's list of topics always took)."""
        counts = super().count_facets()
        others = self.apply_filters(NewsItem.objects.published(), leave_out=["topic"])
        counts["topic"] = dict(
            Topic.objects.filter(
                news_items__in=NewsItem.objects.published().filter(countries=self.country)
            )
            .annotate(count=Count("news_items", filter=Q(news_items__in=others), distinct=True))
            .order_by()
            .values_list("slug", "count")
        )
        return counts

    def get_country_topics(self):
        """The country's topics (and the one chosen), most news first with the other
        filters as they are, each with its count and link (none where it gives none)."""
        counts, chosen = self.facet_counts["topic"], self.filters.get("topic")
        topics = [topic for topic in self.topics if topic.slug in counts or topic == chosen]
        topics.sort(key=lambda topic: -counts.get(topic.slug, 0))  # stable: then by name
        return [
            {"topic": topic, "count": counts.get(topic.slug, 0), "current": topic == chosen,
             "link": self.link(topic=topic.slug)}
            for topic in topics
        ]  # fmt: skip


class NewsDetailView(ContentDetailMixin, NewsQuerysetMixin, DetailView):
    allow_preview = True
    not_found = gettext_lazy("No news item has the address “%(slug)s”.")
    related_count = 4

    def prepare_object(self, item):
        prefetch_related_objects([item], "boilerplate", *NewsItem.detail_lookups())

    def get_related(self):
        """The newest published items sharing a country or topic (two small queries).

        One query per kind of link, each walking the publication-time index and
        stopping after a few rows however large the archive; merged here."""
        item = self.item
        links = {
            "countries__in": [country.pk for country in item.country_list],
            "topics__in": [topic.pk for topic in item.topic_list],
        }
        found = {}
        for lookup, ids in links.items():
            if not ids:
                continue
            for other in (
                NewsItem.objects.published()
                .filter(**{lookup: ids})
                .exclude(pk=item.pk)
                .only("title", "slug", "published_at")
                .order_by("-published_at", "-pk")[: self.related_count * 2]
            ):
                found[other.pk] = other
        newest = sorted(found.values(), key=lambda other: (other.published_at, other.pk))
        return newest[::-1][: self.related_count]

    def get_json_ld(self):
        """schema.org NewsArticle for search engines."""
        item, absolute = self.item, self.request.build_absolute_uri
        organization = site_organization(self.request)
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": item.title[:110],
            "description": item.meta_description,
            "datePublished": localtime(item.published_at).isoformat(),
            "dateModified": localtime(max(item.updated_at, item.published_at)).isoformat(),
            "mainEntityOfPage": absolute(canonical_path(item)),
            "inLanguage": item.language_of("title"),
            "articleSection": str(item.get_kind_display()),
            "keywords": [topic.name for topic in item.topic_list],
            "contentLocation": [country.name for country in item.country_list],
            "author": organization,
            "publisher": organization,
            # Its photo, else the site's picture (search engines show one beside it).
            "image": [absolute(item.image.url) if item.image else share_image(self.request)["url"]],
        }
        if item.dateline:
            data["dateline"] = item.dateline
        return data

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        self.item = context["item"]
        context["is_preview"] = not self.object.is_published()
        # Computed only where rendered (not when the page's fragments are cached).
        context["related"] = SimpleLazyObject(self.get_related)
        context["related_lists"] = SimpleLazyObject(lambda: related_lists(self.object))
        context["json_ld"] = self.get_json_ld  # a template calls it where it is shown
        return context
