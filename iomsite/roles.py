"""The two staff roles, as Django groups with model permissions.

Editor: writes and edits drafts of news, pages, publications and (inactive) contacts, uploads
images to the library, sees the mailings of releases by e-mail; cannot publish,
unpublish or schedule, cannot change or delete what is online (published news and
pages, active contacts), cannot manage users or see subscribers. Publisher:
everything an Editor does, plus publishing, scheduling, unpublishing, activating
contacts and deleting, managing redirects, resending a mailing's failed mails, and
seeing, exporting and deleting subscribers. The admin enforces the publish rule (see
``kernel.admin.LiveContentAdminMixin``); these groups carry the permissions.

The migrations create the groups (iomsite/migrations, each frozen as written): a
change here needs a migration too (tests/test_roles.py compares them). This module
only states the roles; nothing here writes them.
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
        ("kernel", "libraryimage"): _EDIT,
        ("alerts", "mailing"): ("view",),
        ("publications", "publication"): _EDIT,
        ("publications", "publicationfile"): _EDIT,
        ("kernel", "redirect"): ("view",),
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
        ("kernel", "libraryimage"): _EDIT,
        ("alerts", "mailing"): ("view", "change"),
        ("alerts", "subscriber"): ("view", "change", "delete"),
        ("publications", "publication"): (*_EDIT, "publish"),
        ("publications", "publicationfile"): _EDIT,
        ("kernel", "redirect"): _EDIT,
    },
}

ROLES = {"editor": EDITOR, "publisher": PUBLISHER}
