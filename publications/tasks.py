"""The publications' background work: reading each uploaded PDF (its text, for
search) and drawing a cover from page 1 where none was uploaded.

A file is saved as "Reading the file…"; its save queues ``read_file`` once the
transaction commits (never for draft changes, which are rolled back: those files are
read when the changes are published). The worker's round picks up any file still
waiting (a queue emptied by a restart, say). Reading twice writes the same thing, and
a result is only written for the file it was read from, so a file replaced meanwhile
is never given the old one's text.
"""

import io
import logging
import secrets

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from kernel.cache import bump_generation
from kernel.images import make_renditions, rendition_names
from kernel.languages import LANGUAGE_CODES, localized_name
from kernel.search import update_search_vector
from kernel.worker import enqueue_on_commit, every, worker_id

from . import pdf
from .models import Publication, PublicationFile

logger = logging.getLogger(__name__)

ROUND_SECONDS = 60
LOCK_SECONDS = 15 * 60  # longer than any file takes to read


def read_soon(sender, instance, raw=False, **kwargs):
    """post_save of a file (also when a version or draft changes are restored): a new
    file is read; a file read already may have changed language (the publication's
    text per language follows)."""
    if instance.state == PublicationFile.READING:
        enqueue_on_commit(read_file, instance.pk)
    else:
        enqueue_on_commit(refresh_publication, instance.publication_id)


def file_removed(sender, instance, **kwargs):
    """post_delete of a file: the publication's text and cover no longer include it."""
    enqueue_on_commit(refresh_publication, instance.publication_id)


@task()
def read_file(file_id):
    return read(file_id)


@every(ROUND_SECONDS)
@task()
def read_waiting():
    """Files still waiting to be read (their task was lost, or not queued: a restore
    writes rows directly): read them now."""
    waiting = PublicationFile.objects.filter(state=PublicationFile.READING)
    outcomes = [read(file_id) for file_id in list(waiting.values_list("pk", flat=True)[:20])]
    return {"read": len(outcomes)}


def read(file_id):
    """Read one file: its text and page count, or why it could not be read. One
    reader at a time per file (a lock in the shared cache), so the round and the
    file's own task do not both read a large file."""
    lock = f"publications:reading:{file_id}"
    if not cache.add(lock, worker_id(), timeout=LOCK_SECONDS):
        return "being read"
    try:
        return _read(file_id)
    finally:
        cache.delete(lock)


def _read(file_id):
    stored = PublicationFile.objects.filter(pk=file_id).first()
    if stored is None or stored.state != PublicationFile.READING:
        return "nothing to do"
    name = stored.file.name
    try:
        text, pages = pdf.read_text(stored.file)
    except pdf.PdfProblem as exc:
        values = {"state": PublicationFile.FAILED, "problem": str(exc)[:255]}
    except Exception as exc:  # a PDF can break a reader in ways nobody listed
        logger.exception("Could not read %s", name)
        values = {"state": PublicationFile.FAILED, "problem": f"{type(exc).__name__}"[:255]}
    else:
        size = stored.file.size
        values = {"state": PublicationFile.READY, "problem": "", "text": text, "pages": pages}
        values["size"] = size
    with transaction.atomic():
        written = PublicationFile.objects.filter(
            pk=file_id, file=name, state=PublicationFile.READING
        ).update(read_at=timezone.now(), **values)
        if written:
            refresh_publication.call(stored.publication_id)
    return values["state"]


@task()
def refresh_publication(publication_id):
    """Give the publication the text of its files (per language) and, when it has
    no cover of its own, a cover drawn from page 1 of its English file (else its
    first); then its search vectors and a new content generation."""
    publication = Publication._base_manager.filter(pk=publication_id).first()
    if publication is None:
        return "gone"
    files = {f.language: f for f in publication.files.filter(state=PublicationFile.READY)}
    values = {
        localized_name("document_text", code): files[code].text if code in files else ""
        for code in LANGUAGE_CODES
    }
    source = next((files[code] for code in LANGUAGE_CODES if code in files), None)
    old_cover = (publication.page_cover.name, publication.page_cover_renditions)
    if source is None:
        values.update(page_cover="", page_cover_renditions={}, page_cover_source="")
    elif source.file.name != publication.page_cover_source:
        drawn = _draw_cover(publication, source)
        if drawn:
            values.update(drawn)
    Publication._base_manager.filter(pk=publication_id).update(**values)
    for name, value in values.items():
        setattr(publication, name, value)
    update_search_vector(publication, list(Publication.search_fields.items()))
    bump_generation()
    if "page_cover" in values and old_cover[0] and values["page_cover"] != old_cover[0]:
        storage = Publication._meta.get_field("page_cover").storage
        transaction.on_commit(lambda: _delete(storage, *old_cover))
    return "refreshed"


def _draw_cover(publication, source):
    """Page 1 of ``source`` as the publication's drawn cover (stored, with renditions)."""
    try:
        image = pdf.render_cover(source.file)
    except Exception as exc:  # MemoryError too: the file stays readable, without a cover
        logger.warning("No cover from %s: %r", source.file.name, exc)
        return None
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85, optimize=True)
    storage = Publication._meta.get_field("page_cover").storage  # public: covers are shown
    name = storage.save(
        f"publications/covers/pages/{secrets.token_hex(8)}.jpg", ContentFile(buffer.getvalue())
    )
    publication.page_cover = name
    try:
        renditions = make_renditions(publication.page_cover)
    except BaseException:
        storage.delete(name)
        raise
    return {
        "page_cover": name,
        "page_cover_renditions": renditions,
        "page_cover_source": source.file.name,
    }


def _delete(storage, name, renditions):
    for each in [name, *rendition_names(renditions)]:
        if each:
            try:
                storage.delete(each)
            except OSError:
                logger.warning("Could not delete the old cover file %s", each)
