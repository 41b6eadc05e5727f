from django.core.management.base import BaseCommand

from iomsite.demo import load_demo


class Command(BaseCommand):
    help = "Create or update the demo content (safe to run again: nothing is duplicated)."

    def handle(self, *args, **options):
        counts = load_demo()
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo content loaded: {summary}."))
