from django.core.management.base import BaseCommand
from django.template.defaultfilters import filesizeformat

from kernel import orphans


class Command(BaseCommand):
    help = (
        "List the stored files nothing refers to (no row, no version of the history, no "
        "rich text): uploads, renditions and covers left behind; --delete removes them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="Delete them.")
        parser.add_argument(
            "--older-than-hours",
            type=float,
            default=orphans.GRACE_SECONDS / 3600,
            help="Only files older than this (default 24: an upload may be being saved).",
        )

    def handle(self, *args, **options):
        found = orphans.find(grace=options["older_than_hours"] * 3600)
        for _storage, name, size in found:
            self.stdout.write(f"{name}\t{filesizeformat(size)}")
        total = filesizeformat(sum(size for _storage, _name, size in found))
        if options["delete"]:
            orphans.delete(found)
            self.stdout.write(self.style.SUCCESS(f"Deleted {len(found)} orphaned files ({total})."))
        else:
            self.stdout.write(f"{len(found)} orphaned files ({total}); --delete removes them.")
