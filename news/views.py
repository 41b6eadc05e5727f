from django.conf import settings
from django.db.models import Count
from django.db.models.functions import ExtractMonth, ExtractYear
from django.http import Http404
from django.utils.cache import add_never_cache_headers
from django.utils.dates import MONTHS
from django.views.generic import DetailView, ListView

from .forms import NewsFilterForm
from .models import Country, NewsItem


class NewsQuerysetMixin:
    """The queryset every news view starts from, and the staff-may-preview rule.

    Anonymous visitors only ever see ``published()`` items. Users who may change
    news also see drafts and scheduled items on their detail pages (preview); such
    responses are never cached.
    """

    model = NewsItem
    allow_preview = False

    def can_preview(self):
        user = self.request.user
        return self.allow_preview and user.is_active and user.has_perm("news.change_newsitem")

    def get_queryset(self):
        if self.can_preview():
            return NewsItem.objects.all()
        return NewsItem.objects.published()


class NewsListView(NewsQuerysetMixin, ListView):
    """/news/: newest first, filtered by country, year and month from the URL."""

    paginate_by = settings.NEWS_PER_PAGE

    def get(self, request, *args, **kwargs):
        self.filter_form = NewsFilterForm(request.GET)
        if not self.filter_form.is_valid():
            raise Http404(self.filter_form.error_text())
        self.filters = self.filter_form.cleaned_data
        return super().get(request, *args, **kwargs)

    def apply_filters(self, queryset, *, dates=True):
        country = self.filters.get("country")
        if country:
            queryset = queryset.filter(countries=country)
        if dates and self.filters.get("year"):
            queryset = queryset.filter(published_at__year=self.filters["year"])
        if dates and self.filters.get("month"):
            queryset = queryset.filter(published_at__month=self.filters["month"])
        return queryset

    def get_queryset(self):
        return self.apply_filters(super().get_queryset()).for_list()

    def paginate_queryset(self, queryset, page_size):
        """Out-of-range or malformed page numbers show the nearest real page."""
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_archive(self):
        """Years and months with their number of published items (one query)."""
        rows = (
            self.apply_filters(NewsItem.objects.published(), dates=False)
            .annotate(year=ExtractYear("published_at"), month=ExtractMonth("published_at"))
            .values("year", "month")
            .annotate(count=Count("pk", distinct=True))
            .order_by("-year", "-month")
        )
        years = []
        for row in rows:
            if not years or years[-1]["year"] != row["year"]:
                years.append({"year": row["year"], "count": 0, "months": []})
            years[-1]["count"] += row["count"]
            years[-1]["months"].append(
                {"month": row["month"], "name": MONTHS[row["month"]], "count": row["count"]}
            )
        return years

    def describe_filters(self):
        parts = []
        if self.filters.get("country"):
            parts.append(self.filters["country"].name)
        if self.filters.get("month"):
            parts.append(str(MONTHS[self.filters["month"]]))
        if self.filters.get("year"):
            parts.append(str(self.filters["year"]))
        return " · ".join(parts)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        context.update(
            filters=self.filters,
            is_filtered=any(self.filters.values()),
            filter_description=self.describe_filters(),
            archive=self.get_archive(),
            countries=Country.objects.order_by("name"),
            months=MONTHS.items(),
            page_range=page.paginator.get_elided_page_range(page.number, on_each_side=2),
        )
        return context


class NewsDetailView(NewsQuerysetMixin, DetailView):
    allow_preview = True

    def get_queryset(self):
        return super().get_queryset().for_detail()

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if not self.object.is_published():
            add_never_cache_headers(response)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_preview"] = not self.object.is_published()
        return context
