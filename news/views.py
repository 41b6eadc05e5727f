from django.conf import settings
from django.db.models import Count, QuerySet, prefetch_related_objects
from django.db.models.functions import ExtractMonth, ExtractYear
from django.http import Http404
from django.template.loader import render_to_string
from django.utils.dates import MONTHS
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from kernel.cache import cached_by_generation, cached_fragments
from kernel.filters import KnownCountPaginator, Option, Select
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


def listed_news(items):
    """``items`` (a slice of published news), read in one query with the columns
    their cards and addresses need (not the body)."""
    return list(items.defer(*NewsItem.card_deferred()))


def news_cards(items, heading_level=2, excerpts=False):
    """The cards of ``items``, each rendered once per content generation and language
    for every list that shows it.

    ``items``: a slice of published news, in order, or its ``listed_news`` (one query
    for the cards' own columns, two more only when some card is not rendered yet);
    or search results, whose ``excerpt`` replaces each card's lead (``excerpts``):
    the rest of the card is kept, the excerpt is the request's own."""
    if isinstance(items, QuerySet):
        items = listed_news(items)
    given = {item.pk: item for item in items}
    ids = list(given)

    def fetch(missing):
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


class NewsListView(NewsQuerysetMixin, ListView):
    """/news/: newest first, filtered by country, topic, type, scope, year and month."""

    paginate_by = settings.NEWS_PER_PAGE
    country = None  # a country's own page (CountryNewsView) has no country filter

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

    def apply_filters(self, queryset, *, dates=True):
        filters = self.filters
        if filters.get("country"):
            queryset = queryset.filter(countries=filters["country"])
        if filters.get("topic"):
            queryset = queryset.filter(topics=filters["topic"])
        if filters.get("type"):
            queryset = queryset.filter(kind=filters["type"])
        if filters.get("scope"):
            queryset = queryset.filter(scope=filters["scope"])
        if dates and filters.get("year"):
            queryset = queryset.filter(published_at__year=filters["year"])
        if dates and filters.get("month"):
            queryset = queryset.filter(published_at__month=filters["month"])
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
        a fixed order; on a country's page, not its own country."""
        return [
            (name, getattr(value, "slug", value))
            for name, value in sorted(self.filters.items())
            if value and not (name == "country" and self.country is not None)
        ]

    def filter_key(self):
        """What the filter form and the sidebar show besides the content: the chosen
        filters, and whose page it is (the key of their cached fragments)."""
        return f"{getattr(self.country, 'slug', '')}?{urlencode(self.chosen())}"

    def href(self, **changes):
        """This list with ``changes`` to its filters (None removes one), on page 1."""
        query = dict(self.chosen())
        query.update(changes)
        return "?" + urlencode([(name, value) for name, value in query.items() if value])

    def get_archive(self):
        """Years with their months, counts and links (built here: cheaper than tags)."""
        years = []
        for row in self.archive_rows:
            year, month = row["year"], row["month"]
            if not years or years[-1]["year"] != year:
                href = self.href(year=year, month=None)
                years.append({"year": year, "count": 0, "months": [], "href": href})
            years[-1]["count"] += row["count"]
            years[-1]["months"].append(
                {
                    "month": month,
                    "name": MONTHS[month],
                    "count": row["count"],
                    "href": self.href(year=year, month=month),
                }
            )
        return years

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
        """The filter form's drop-downs as data, so that one loop renders them all."""
        filters, language = self.filters, get_language()

        def terms(objects, chosen):
            for obj in objects:
                shown = obj.language_of("name", language)
                lang = "" if shown == language else shown
                yield Option(obj.slug, obj.name, obj == chosen, lang)

        def choices(name, pairs):
            return [Option(value, text, value == filters.get(name), "") for value, text in pairs]

        years = dict.fromkeys(row["year"] for row in self.archive_rows)
        selects = [
            Select("topic", _("Topic"), _("All topics"), terms(self.topics, filters.get("topic"))),
            Select("type", _("Type"), _("All types"), choices("type", NewsItem.Kind.choices)),
            Select(
                "scope", _("Scope"), _("Global and local"), choices("scope", NewsItem.Scope.choices)
            ),
            Select(
                "year", _("Year"), _("All years"), choices("year", ((year, year) for year in years))
            ),
            Select("month", _("Month"), _("Any month"), choices("month", MONTHS.items())),
        ]
        if self.country is None:
            countries = terms(self.countries, filters.get("country"))
            selects.insert(0, Select("country", _("Country"), _("All countries"), countries))
        return selects

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        listed = listed_news(page.object_list)
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
        )
        return context


class CountryNewsView(NewsListView):
    """/news/country/<slug>/: a country's news, its topics and its media contacts."""

    template_name = "news/country_detail.html"

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
        context["country_contacts"] = self.country.contacts.active().with_emails()
        return context

    def get_country_topics(self):
        """The country's topics, most used first, each with its link and count."""
        topics = (
            Topic.objects.filter(
                news_items__in=NewsItem.objects.published().filter(countries=self.country)
            )
            .annotate(count=Count("news_items", distinct=True))
            .order_by("-count", "name")
        )
        chosen = self.filters.get("topic")
        return [
            {"topic": topic, "count": topic.count, "current": topic == chosen,
             "href": self.href(topic=topic.slug)}
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
