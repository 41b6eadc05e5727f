"""makemessages that also collects ``_t("...")`` (our alias of ``gettext`` where
``_`` is ``gettext_lazy``), as Django's documentation suggests for extra keywords."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=_t"]
