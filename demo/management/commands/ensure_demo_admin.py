import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Create (or reset) the local demo administrator and print its login. "
        "Refuses to run unless DEBUG is on: it is for `make run`, never production."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--site-url", default="http://127.0.0.1:8000", help="Where the site is served."
        )

    def handle(self, *args, site_url, **options):
        if not settings.DEBUG:
            raise CommandError("ensure_demo_admin only runs with DEBUG on (local development).")
        username = os.environ.get("DEMO_ADMIN_USER", "admin")
        password = os.environ.get("DEMO_ADMIN_PASSWORD", "admin")
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.org"}
        )
        user.is_staff = user.is_superuser = user.is_active = True
        user.set_password(password)
        user.save()
        verb = "Created" if created else "Kept"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} the demo administrator.\n"
                f"  Site:     {site_url}/\n"
                f"  Admin:    {site_url}/admin/\n"
                f"  Username: {username}\n"
                f"  Password: {password}"
            )
        )
