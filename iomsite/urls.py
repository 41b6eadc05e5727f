from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static as media_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from iomsite import views
from iomsite.sitemaps import SITEMAPS
from kernel import uploads
from kernel.admin.staff_settings import staff_settings_view

admin.site.site_header = _("IOM Central Asia — editing")
admin.site.site_title = _("IOM Central Asia admin")
admin.site.index_title = _("Content")
admin.site.index_template = "admin/iomsite/index.html"  # panels of what needs doing

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.favicon),
    # An index of section sitemaps, each paginated (5,000 URLs a page), so a large
    # archive stays within the sitemap protocol's limits; every language's URLs
    # are listed with their alternates.
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("admin/ckeditor/upload/", uploads.upload, name="ckeditor_upload"),
    path("admin/ckeditor/browse/", uploads.browse, name="ckeditor_browse"),
    path("admin/settings/", admin.site.admin_view(staff_settings_view), name="staff-settings"),
    path("admin/", admin.site.urls),
]

# Public pages in every language: English without a prefix, /ru/ and /kk/ otherwise.
public_patterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("news/", include("news.urls")),
    path("contacts/", include("contacts.urls")),
    path("alerts/", include("alerts.urls")),
    path("publications/", include("publications.urls")),
]

if settings.DEBUG:
    urlpatterns += media_patterns(
        settings.MEDIA_URL, view=uploads.serve_media, document_root=settings.MEDIA_ROOT
    )
elif settings.SERVE_MEDIA:  # tests' live server; production serves media elsewhere
    urlpatterns.append(
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$",
            uploads.serve_media,
            {"document_root": settings.MEDIA_ROOT},
        )
    )

# Pages are matched last: any other path is looked up in the page tree.
urlpatterns += i18n_patterns(
    *public_patterns, path("", include("pages.urls")), prefix_default_language=False
)

handler404 = "iomsite.views.page_not_found"
handler500 = "iomsite.views.server_error"
