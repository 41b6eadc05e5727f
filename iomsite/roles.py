"""The two staff roles, as Django groups with model permissions.

Editor: writes and edits drafts of news, pages and (inactive) contacts, uploads
images; cannot publish, unpublish or schedule, cannot change or delete what is online
(published news and pages, active contacts), cannot manage users. Publisher:
everything an Editor does, plus publishing, scheduling, unpublishing, activating
contacts and deleting. The admin enforces the publish rule (see
``kernel.admin.LiveContentAdminMixin``); these groups carry the permissions.

The migrations create the groups (iomsite/migrations, each frozen as written): a
change here needs a migration too (tests/test_roles.py compares them).
"""

EDITOR = "Editor"
PUBLISHER = "Publisher"

_EDIT = ("add", "change", "view", "delete")

ROLE_PERMISSIONS = {
    EDITOR: {
        ("news", "newsitem"): _EDIT,
        ("news", "newsitemcontact"): _EDIT,
        ("news", "country"): ("view",),
        ("news", "topic"): ("view",),
        ("news", "boilerplate"): ("view",),
        ("pages", "page"): _EDIT,
        ("contacts", "contact"): ("add", "change", "view"),
        ("contacts", "contactemail"): _EDIT,
    },
    PUBLISHER: {
        ("news", "newsitem"): (*_EDIT, "publish"),
        ("news", "newsitemcontact"): _EDIT,
        ("news", "country"): _EDIT,
        ("news", "topic"): _EDIT,
        ("news", "boilerplate"): _EDIT,
        ("pages", "page"): (*_EDIT, "publish"),
        ("contacts", "contact"): (*_EDIT, "publish"),
        ("contacts", "contactemail"): _EDIT,
    },
}

ROLES = {"editor": EDITOR, "publisher": PUBLISHER}


def sync_roles(apps, schema_editor=None):
    """Give the groups exactly the permissions above (e.g. after a test flushed
    them). Migrations do not call this: they keep their own frozen copy."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, grants in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        codenames = {
            (app_label, f"{action}_{model}")
            for (app_label, model), actions in grants.items()
            for action in actions
        }
        permissions = [
            permission
            for permission in Permission.objects.select_related("content_type")
            if (permission.content_type.app_label, permission.codename) in codenames
        ]
        missing = codenames - {(p.content_type.app_label, p.codename) for p in permissions}
        if missing:
            raise RuntimeError(f"Permissions missing for role {role}: {sorted(missing)}")
        group.permissions.set(permissions)
