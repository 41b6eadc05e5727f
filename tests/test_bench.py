"""The benchmark's dataset builder keeps working (at a small size), and its texts stay
plain Python (the Wagtail peer of bench/wagtail.py draws the same content with them)."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import timezone

from bench.dataset import build
from bench.publications import build as build_publications
from bench.texts import COUNTRIES, generate
from news.models import Country, NewsItem, Topic
from pages.models import Page
from publications.models import Publication, PublicationFile

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.django_db


def test_builds_a_consistent_dataset(client, make_news):
    make_news("Replaced")
    counts = build(120, pages=30, contacts=6, topics=4)
    assert counts == {"news": 120, "pages": 30}
    assert Country.objects.count() == 5 and Topic.objects.count() == 4
    assert not NewsItem.objects.filter(title="Replaced").exists()
    assert NewsItem.objects.published().count() > 100
    assert Page.objects.filter(depth=2).first().get_absolute_url().count("/") == 3
    assert client.get("/news/").status_code == 200
    page = Page.objects.filter(depth=2).first()
    assert client.get(page.get_absolute_url()).status_code == 200


def test_builds_publications(client):
    built = build_publications(30, news=20)
    assert built["publications"] == Publication.objects.published().count() == 30
    assert PublicationFile.objects.filter(state=PublicationFile.READY).count() == built["files"]
    assert client.get("/publications/?country=uzbekistan&language=ru").status_code == 200
    assert client.get(f"/publications/{built['slug']}/").status_code == 200


def test_texts_are_pure_python():
    """bench/texts.py runs in the Wagtail peer's environment, without Django or our apps."""
    code = (
        "import sys; import bench.texts; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'django', 'iomsite', 'kernel', 'news', 'pages'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_dataset_is_drawn_by_texts():
    """Our dataset holds what bench/texts.py draws: the peer builds the same content."""
    build(30, pages=20, contacts=6, topics=4, seed=7)
    content = generate(30, now=timezone.now(), pages=20, contacts=6, topics=4, seed=7)
    assert [c["title"] for c in content.children] == list(
        Page.objects.filter(depth=2).order_by("pk").values_list("title", flat=True)
    )
    drawn = next(content.news)
    stored = NewsItem.objects.order_by("pk").prefetch_related("countries")
    assert [d["title"] for d in drawn] == [n.title for n in stored]
    assert [d["published"] for d in drawn] == [n.status == "published" for n in stored]
    assert [sorted(COUNTRIES[c][0] for c in d["countries"]) for d in drawn] == [
        sorted(c.name for c in n.countries.all()) for n in stored
    ]
