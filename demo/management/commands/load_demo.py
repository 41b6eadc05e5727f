from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.content import load_demo
from kernel.announcing import quietly


class Command(BaseCommand):
    help = (
        "Create or update the demo content (safe to run again: nothing is duplicated). "
        "Development only: refused unless the settings allow demo content (dev, test)."
    )

    def handle(self, *args, **options):
        if not getattr(settings, "DEMO_CONTENT", False):
            raise CommandError(
                "load_demo publishes demo items: it only runs with settings that allow demo "
                "content (iomsite.settings.dev, as `make run` uses), never in production."
            )
        with quietly():  # demo items did not just go online: no alerts for them
            counts = load_demo()
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo content loaded: {summary}."))
