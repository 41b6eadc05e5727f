import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from iomsite.roles import ROLES


class Command(BaseCommand):
    help = (
        "Create (or update) a staff user with a role: editor (writes drafts) or "
        "publisher (also publishes, schedules, unpublishes and deletes). The password "
        "comes from --password, the STAFF_PASSWORD environment variable, or a prompt."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=sorted(ROLES))
        parser.add_argument("--email", default="")
        parser.add_argument("--password")

    def handle(self, *args, username, role, email, password, **options):
        password = password or os.environ.get("STAFF_PASSWORD")
        if not password:
            if not options.get("interactive", True) or not os.isatty(0):
                raise CommandError("Give a password with --password or STAFF_PASSWORD.")
            password = getpass.getpass(f"Password for {username}: ")
        try:
            group = Group.objects.get(name=ROLES[role])
        except Group.DoesNotExist as exc:
            raise CommandError("Roles are missing: run `manage.py migrate` first.") from exc
        User = get_user_model()
        user = User.objects.filter(username=username).first() or User(username=username)
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        created = user.pk is None
        user.email = email or user.email
        user.is_staff = True
        user.is_active = True
        user.set_password(password)
        user.save()
        user.groups.remove(*Group.objects.filter(name__in=ROLES.values()))
        user.groups.add(group)
        verb = "Created" if created else "Updated"
        self.stdout.write(self.style.SUCCESS(f"{verb} staff user {username!r} as {group.name}."))
