"""The benchmark's dataset builder keeps working (at a small size)."""

import pytest

from bench.dataset import build
from bench.publications import build as build_publications
from news.models import Country, NewsItem, Topic
from pages.models import Page
from publications.models import Publication, PublicationFile

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
