"""manage.py import_news SOURCE…: releases from the old site (see news.importing)."""

from django.core.management.base import BaseCommand

from news.importing import Importer


class Command(BaseCommand):
    help = (
        "Import press releases from RSS 2.0 or Atom feeds (files or http(s) addresses) and "
        "from text pages saved from the old site. Safe to run again: nothing is duplicated, "
        "changed sources update drafts, published items are never overwritten."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "sources", nargs="+", metavar="SOURCE", help="A feed or text file, or a feed's address."
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Say what would be done; save nothing and fetch no pictures.",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish what is imported (with its original date), and make new media "
            "contacts active. Without it, items are drafts and new contacts inactive.",
        )

    def handle(self, *args, sources, dry_run=False, publish=False, **options):
        importer = Importer(publish=publish, dry_run=dry_run, say=self.stdout.write)
        report = importer.run(sources)
        lines = report.summary(dry_run=dry_run)
        style = self.style.WARNING if report.skipped else self.style.SUCCESS
        self.stdout.write(style(lines[0]))
        for line in lines[1:]:
            self.stdout.write(line)
