"""No file left behind: files nothing refers to (no row, no version, no rich text)
are found and removed; a deleted row's files go once nothing else names them."""

import os
import time
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from reversion.models import Version

from kernel.models import LibraryImage
from publications.models import Publication

from .support import media_files, png_upload

pytestmark = pytest.mark.django_db


def aged(name, days=2):
    """Make a stored file look ``days`` old (younger ones may be uploads in flight)."""
    past = time.time() - days * 86400
    os.utime(default_storage.path(name), (past, past))
    return name


def command(*args):
    out = StringIO()
    call_command("orphaned_files", *args, stdout=out)
    return out.getvalue()


def test_only_what_nothing_refers_to_is_listed_and_deleted(make_news):
    before = media_files()  # other tests' files (the media folder is the session's)
    item = make_news("With a photo", status="published")
    item.image = png_upload("photo.png", size=(1400, 900))
    item.image_alt = "A photo"
    item.save()
    used = media_files() - before
    for name in used:
        aged(name)
    stray = aged(default_storage.save("news/2020/01/stray.jpg", ContentFile(b"x" * 10)))
    shown = aged(default_storage.save("uploads/2020/01/chart.png", ContentFile(b"y")))
    thumb = aged(default_storage.save("uploads/2020/01/chart_thumb.png", ContentFile(b"z")))
    item.body = f'<p><img src="/media/{shown}" alt="A chart"></p>'
    item.save()
    fresh = default_storage.save("news/2020/01/just-uploaded.jpg", ContentFile(b"w"))

    listed = command()
    assert stray in listed
    assert not any(name in listed for name in (*used, shown, thumb, fresh))
    assert "Deleted" in command("--delete")
    assert not default_storage.exists(stray)
    assert all(default_storage.exists(name) for name in (*used, shown, thumb, fresh))


def test_a_deleted_library_image_takes_its_files_along(django_capture_on_commit_callbacks):
    before = media_files()
    image = LibraryImage(title="Lake", alt="A lake", file=png_upload("lake.png", (1300, 800)))
    image.save()
    assert len(media_files() - before) > 2  # the original and its renditions
    with django_capture_on_commit_callbacks(execute=True):
        image.delete()
    assert media_files() == before


def test_files_an_old_version_shows_are_kept():
    """A restore must never bring back a missing picture: what the history names stays
    (a publication's cover is its own file, not the image library's)."""
    from reversion import revisions as reversion

    publication = Publication.objects.create(title="Survey", slug="survey")
    with reversion.create_revision():
        publication.cover = png_upload("cover.png", size=(900, 1200))
        publication.cover_alt = "The cover"
        publication.save()
    first = publication.cover.name
    publication.cover, publication.cover_renditions = "", {}
    publication.save()
    aged(first)
    assert first not in command()
    Version.objects.all().delete()  # the history forgotten: now nothing names it
    assert first in command()
