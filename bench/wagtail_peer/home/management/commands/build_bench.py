"""manage.py build_bench N: replace the peer's content with N news items and 200 pages.

The content is drawn by bench/texts.py, the generator bench/dataset.py builds our
site's dataset with, with the same seed: the same titles, leads, bodies, dates,
datelines, states (about 2% unpublished) and countries, so that both sites serve the
same archive. The tree is the Wagtail one: a HomePage as the site root, 10 sections
(StandardPage, in the menu) of 19 pages each (/section-3/page-4/), and a
NewsIndexPage at /news/ with the news items below it.

The home page, the sections and their pages are made with ``add_child`` (treebeard
computes their paths). The news items are inserted in bulk, as ``add_child`` one by
one would take minutes at 10,000: their treebeard paths are computed with treebeard's
own ``_get_path`` (children of the news index, in order), the Page rows are bulk
created, then the NewsPage rows and their countries. Wagtail's search index is then
built by ``update_index``, its usual command.
"""

import sys
import time
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone
from wagtail.models import Page, Site

from home.models import Country, HomePage, NewsIndexPage, NewsPage, StandardPage

ROOT = Path(__file__).resolve().parents[5]  # the repository: bench/texts.py


class Command(BaseCommand):
    help = "Replace the content with N news items and 200 pages drawn by bench/texts.py."

    def add_arguments(self, parser):
        parser.add_argument("news_count", type=int)
        parser.add_argument("--pages", type=int, default=200)
        parser.add_argument("--years", type=int, default=20)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, news_count, pages, years, seed, **options):
        sys.path.append(str(ROOT))
        from bench.texts import COUNTRIES, generate

        started = time.monotonic()
        now = timezone.now()
        # The same draws as bench/dataset.py with its default contacts and topics
        # (drawn, then ignored here: the peer has neither).
        content = generate(news_count, now=now, pages=pages, years=years, seed=seed)
        with transaction.atomic():
            root = Page.get_first_root_node()
            for page in root.get_children():  # the welcome page, or an earlier build
                page.delete()
            Country.objects.all().delete()
            root.refresh_from_db()

            home = root.add_child(
                instance=HomePage(
                    title="IOM in Kazakhstan and Central Asia",
                    slug="home",
                    intro="The International Organization for Migration, the UN Migration "
                    "agency, works with governments, partners and migrants across Central Asia.",
                    first_published_at=now,
                    last_published_at=now,
                )
            )
            Site.objects.all().delete()
            Site.objects.create(
                hostname="localhost", port=80, root_page=home, is_default_site=True,
                site_name="IOM Central Asia",
            )  # fmt: skip
            sections = [
                home.add_child(
                    instance=StandardPage(
                        title=s["title"],
                        slug=s["slug"],
                        intro=s["intro"],
                        show_in_menus=True,
                        first_published_at=now,
                        last_published_at=now,
                    )
                )
                for s in content.sections
            ]
            for child in content.children:
                sections[child["section"]].add_child(
                    instance=StandardPage(
                        title=child["title"], slug=child["slug"], intro=child["intro"],
                        body=child["body"], show_in_menus=child["show_in_menu"],
                        first_published_at=now, last_published_at=now,
                    )
                )  # fmt: skip
            index = home.add_child(
                instance=NewsIndexPage(
                    title="News", slug="news", show_in_menus=True,
                    first_published_at=now, last_published_at=now,
                )
            )  # fmt: skip
            countries = Country.objects.bulk_create(
                Country(name=name, slug=name.lower()) for name, _code in COUNTRIES
            )
            built = self.news(index, content.news, countries)
        self.stdout.write(f"tree built in {time.monotonic() - started:.1f}s")
        started = time.monotonic()
        call_command("update_index", verbosity=0)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        self.stdout.write(f"search index built in {time.monotonic() - started:.1f}s")
        self.stdout.write(f"news {built} pages {StandardPage.objects.count()}")

    def news(self, index, batches, countries):
        """Bulk-insert the news items below ``index``; return how many."""
        content_type = ContentType.objects.get_for_model(NewsPage)
        links = NewsPage.countries.through
        created = 0
        for batch in batches:
            parents = []
            for n, drawn in enumerate(batch, start=created + 1):
                live = drawn["published"]
                when = drawn["published_at"]
                parents.append(
                    Page(
                        title=drawn["title"],
                        draft_title=drawn["title"],
                        slug=drawn["slug"],
                        content_type=content_type,
                        path=Page._get_path(index.path, index.depth + 1, n),
                        depth=index.depth + 1,
                        numchild=0,
                        url_path=f"{index.url_path}{drawn['slug']}/",
                        locale_id=index.locale_id,
                        live=live,
                        has_unpublished_changes=not live,
                        first_published_at=when if live else None,
                        last_published_at=when if live else None,
                    )
                )
            parents = Page.objects.bulk_create(parents)
            # NewsPage rows: Django bulk-creates no multi-table child, so plain SQL.
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {NewsPage._meta.db_table} "
                    "(page_ptr_id, date, dateline, lead, body) VALUES (%s, %s, %s, %s, %s)",
                    [
                        (parent.pk, drawn["published_at"].date(), drawn["dateline"],
                         drawn["lead"], drawn["body"])
                        for parent, drawn in zip(parents, batch, strict=True)
                    ],
                )  # fmt: skip
            links.objects.bulk_create(
                links(newspage_id=parent.pk, country_id=countries[c].pk)
                for parent, drawn in zip(parents, batch, strict=True)
                for c in drawn["countries"]
            )
            created += len(batch)
        Page.objects.filter(pk=index.pk).update(numchild=created)
        return created
