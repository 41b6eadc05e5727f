import hashlib

from django.conf import settings
from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.http import FileResponse, Http404
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    patch_cache_control,
)
from django.utils.http import http_date
from django.utils.timezone import localtime
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView

from kernel.cache import cached_by_generation
from kernel.filters import FacetedListMixin, KnownCountPaginator, Option, Select
from kernel.languages import LANGUAGE_CODES, language_name, localized_name
from kernel.views import (
    ContentDetailMixin,
    PublicQuerysetMixin,
    canonical_path,
    page_redirect,
    share_image,
    site_organization,
)
from news.models import NewsItem
from news.views import term_lists

from .forms import PublicationFilterForm
from .models import Publication, PublicationFile

# The facets: filter name -> what one publication has of it, as a values() path.
FACETS = {
    "type": "kind",
    "country": "countries__slug",
    "topic": "topics__slug",
    "year": "year",
    "language": "files__language",
}


def publications_citing(item):
    """The published publications that name a news item (its "Related publications")."""
    return (
        Publication.objects.published()
        .filter(related_news=item)
        .only("title", "slug", "published_at", *translated("title", "slug"))
        .order_by("-published_at", "-pk")[:10]
    )


def translated(*names):
    return [localized_name(name, code) for name in names for code in LANGUAGE_CODES]


class PublicationListView(FacetedListMixin, PublicQuerysetMixin, ListView):
    """/publications/: newest first, filtered by type, country, topic, year and the
    language of the file; every option shows how many publications it would give
    with the other filters as they are (and leads nowhere when that is none)."""

    model = Publication
    paginate_by = settings.PUBLICATIONS_PER_PAGE

    def get(self, request, *args, **kwargs):
        self.countries, self.topics = term_lists()
        self.filter_form = PublicationFilterForm(
            request.GET, countries=self.countries, topics=self.topics
        )
        if not self.filter_form.is_valid():
            raise Http404(self.filter_form.error_text())
        self.filters = self.filter_form.cleaned_data
        key = "|".join(str(getattr(value, "slug", value) or "") for value in self.filters.values())
        self.facets = cached_by_generation(f"publication-facets:{key}", self.count_facets)
        response = super().get(request, *args, **kwargs)
        return page_redirect(request, self.page_number, self.page_kwarg) or response

    def apply_filters(self, queryset, *, leave_out=None):
        filters = self.filters
        lookups = {
            "type": ("kind", filters.get("type")),
            "country": ("countries", filters.get("country")),
            "topic": ("topics", filters.get("topic")),
            "year": ("published_at__year", filters.get("year")),
            "language": ("files__language", filters.get("language")),
        }
        for name, (lookup, value) in lookups.items():
            if value and name != leave_out:
                if name == "language":
                    ready = PublicationFile.objects.filter(
                        language=value, state=PublicationFile.READY
                    ).values("publication")
                    queryset = queryset.filter(pk__in=ready)
                else:
                    queryset = queryset.filter(**{lookup: value})
        return queryset

    def count_facets(self):
        """{facet: {value: count}}: per facet, the publications each value gives with
        the other filters applied (one query per facet)."""
        counts = {}
        for name, path in FACETS.items():
            queryset = self.apply_filters(Publication.objects.published(), leave_out=name)
            if name == "year":
                queryset = queryset.annotate(year=ExtractYear("published_at"))
            if name == "language":
                queryset = queryset.filter(files__state=PublicationFile.READY)
            rows = (
                queryset.order_by()
                .values(path)
                # Each publication counts once per value: one type and year, and the
                # other filters are single values (no join repeats a publication).
                .annotate(count=Count("pk"))
                .values_list(path, "count")
            )
            counts[name] = {value: count for value, count in rows if value is not None}
        return counts

    def get_queryset(self):
        return self.apply_filters(super().get_queryset()).for_list()

    def chosen(self):
        """The chosen filters as query parameters (slugs for countries and topics)."""
        return [
            (name, getattr(value, "slug", value))
            for name, value in sorted(self.filters.items())
            if value
        ]

    def paginate_queryset(self, queryset, page_size):
        """The count is the type facet's, summed (every publication has one type)."""
        chosen = self.filters.get("type")
        count = sum(n for kind, n in self.facets["type"].items() if not chosen or kind == chosen)
        paginator = KnownCountPaginator(queryset, page_size, count=count)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        self.page_number = page.number
        return paginator, page, page.object_list, page.has_other_pages()

    def describe_filters(self):
        filters, parts = self.filters, []
        if filters.get("type"):
            parts.append(str(Publication.Kind(filters["type"]).label))
        parts += [str(filters[name]) for name in ("country", "topic") if filters.get(name)]
        if filters.get("year"):
            parts.append(str(filters["year"]))
        if filters.get("language"):
            parts.append(_("PDF: %(language)s") % {"language": language_name(filters["language"])})
        return " · ".join(parts)

    def get_selects(self):
        filters, language, facets = self.filters, get_language(), self.facets

        def terms(name, objects):
            chosen = filters.get(name)
            for obj in objects:
                shown = obj.language_of("name", language)
                lang = "" if shown == language else shown
                count = facets[name].get(obj.slug, 0)
                yield Option(obj.slug, obj.name, obj == chosen, lang, count)

        def choices(name, pairs):
            chosen = filters.get(name)
            return [
                Option(value, text, value == chosen, "", facets[name].get(value, 0))
                for value, text in pairs
            ]

        years = sorted({*facets["year"], *([filters["year"]] if filters.get("year") else [])})
        languages = [(code, language_name(code)) for code in LANGUAGE_CODES]
        return [
            Select("type", _("Type"), _("All types"), choices("type", Publication.Kind.choices)),
            Select("country", _("Country"), _("All countries"), terms("country", self.countries)),
            Select("topic", _("Topic"), _("All topics"), terms("topic", self.topics)),
            Select(
                "year", _("Year"), _("All years"), choices("year", ((y, y) for y in years[::-1]))
            ),
            Select("language", _("Language"), _("Any language"), choices("language", languages)),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        context.update(
            filters=self.filters,
            is_filtered=any(self.filters.values()),
            clearable=any(self.filters.values()),
            filter_description=self.describe_filters(),
            selects=self.get_selects(),
            page_range=page.paginator.get_elided_page_range(page.number, on_each_side=2),
            **self.crawl_context(page),
        )
        return context


class PublicationDetailView(ContentDetailMixin, PublicQuerysetMixin, DetailView):
    model = Publication
    allow_preview = True
    not_found = gettext_lazy("No publication has the address “%(slug)s”.")

    def get_queryset(self):
        return super().get_queryset().for_list()

    def get_related_news(self):
        return list(
            NewsItem.objects.published()
            .filter(related_publications=self.object)
            .only("title", "slug", "published_at", *translated("title", "slug"))
            .order_by("-published_at", "-pk")[:10]
        )

    def citation(self):
        """A reference to copy: "Authors (2024). Title. Type. ISBN …. URL"."""
        item = self.object
        parts = [
            f"{item.authors or _('International Organization for Migration (IOM)')} "
            f"({localtime(item.published_at).year}).",
            f"{item.title}.",
            f"{item.get_kind_display()}.",
        ]
        if item.document_number:
            parts.append(f"{item.document_number}.")
        if item.isbn:
            parts.append(f"ISBN {item.isbn}.")
        parts.append(self.request.build_absolute_uri(item.get_absolute_url()))
        return " ".join(parts)

    def get_json_ld(self):
        """schema.org Report (a CreativeWork) for search engines."""
        item, absolute = self.object, self.request.build_absolute_uri
        organization = site_organization(self.request)
        data = {
            "@context": "https://schema.org",
            "@type": "Report",
            "name": item.title,
            "description": item.meta_description,
            "datePublished": localtime(item.published_at).date().isoformat(),
            "url": absolute(canonical_path(item)),
            "inLanguage": [f.language for f in item.file_list] or [item.language_of("title")],
            "publisher": organization,
            "encoding": [
                {
                    "@type": "MediaObject",
                    "encodingFormat": "application/pdf",
                    "contentUrl": absolute(f.get_absolute_url()),
                    "inLanguage": f.language,
                    "contentSize": f"{f.size} B",
                }
                for f in item.file_list
            ],
        }
        if item.isbn:
            data["isbn"] = item.isbn
        if item.authors:
            data["author"] = item.authors
        image, _renditions, _alt = item.shown_cover
        data["image"] = absolute(image.url) if image else share_image(self.request)["url"]
        return data

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item = self.object
        cover, cover_renditions, cover_alt = item.shown_cover
        context.update(
            is_preview=not item.is_published(),
            related_news=self.get_related_news(),
            citation=self.citation(),
            json_ld=self.get_json_ld(),
            cover=cover,
            cover_renditions=cover_renditions,
            cover_alt=cover_alt,
        )
        return context


@require_safe
def download(request, slug, language):
    """/publications/<slug>/<language>.pdf: the file, as a download with a clean name.

    To visitors: only files of published publications, read and ready (a file still
    being read, or one that could not be, is not offered), cacheable for a day by
    browsers and proxies (its ETag changes whenever the file does). Staff who may
    see publications also get drafts' files and files not read yet (never cached).
    The files are kept out of the public media: this view is their only way out."""
    if language not in LANGUAGE_CODES:
        raise Http404(_("There is no such file to download."))
    user = request.user
    staff = user.is_active and user.has_perm("publications.view_publication")
    matches = Q()
    for code in LANGUAGE_CODES:
        matches |= Q(**{f"publication__{localized_name('slug', code)}": slug})
    found = PublicationFile.objects.filter(matches, language=language)
    if not staff:
        found = found.filter(
            state=PublicationFile.READY,
            publication__in=Publication.objects.published().values("pk"),
        )
    found = (
        found.select_related("publication")
        .defer("text", *(f"publication__{name}" for name in translated("document_text")))
        .first()
    )
    if found is None:
        raise Http404(_("There is no such file to download."))
    version = f"{found.file.name}|{found.read_at}|{found.size}"
    etag = f'"{hashlib.sha256(version.encode()).hexdigest()[:32]}"'
    last_modified = found.read_at.timestamp() if found.read_at else None
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if not_modified is not None:
        response = not_modified
    else:
        try:
            handle = found.file.open("rb")
        except OSError as exc:
            raise Http404(_("This file is missing; please tell the office.")) from exc
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=found.download_name(),
            content_type="application/pdf",
        )
    response["ETag"] = etag
    if last_modified:
        response["Last-Modified"] = http_date(last_modified)
    response["X-Content-Type-Options"] = "nosniff"
    if staff:
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
    else:
        patch_cache_control(response, public=True, max_age=86400)
    return response
