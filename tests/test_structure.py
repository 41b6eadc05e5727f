"""The structure holds: imports run one way, demo content stays a development tool."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from importlinter.cli import lint_imports

from news.models import NewsItem


def test_imports_run_one_way():
    """demo > composition (iomsite) > apps > kernel: the contract in pyproject.toml."""
    assert lint_imports(no_logo=True, no_cache=True) == 0


@pytest.mark.django_db
def test_demo_content_is_refused_without_settings_that_allow_it(settings):
    settings.DEMO_CONTENT = False
    with pytest.raises(CommandError, match="never in production"):
        call_command("load_demo", verbosity=0)
    assert not NewsItem.objects.exists()


def test_demo_is_not_in_the_deployable_package():
    import tomllib
    from pathlib import Path

    project = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())
    included = project["tool"]["setuptools"]["packages"]["find"]["include"]
    assert "kernel*" in included and not any(name.startswith("demo") for name in included)


def test_production_settings_do_not_install_the_demo(monkeypatch):
    import importlib
    import sys

    monkeypatch.setenv("SECRET_KEY", "x" * 60)
    monkeypatch.setenv("ALLOWED_HOSTS", "example.org")
    sys.modules.pop("iomsite.settings.production", None)
    production = importlib.import_module("iomsite.settings.production")
    assert "demo" not in production.INSTALLED_APPS
    assert not getattr(production, "DEMO_CONTENT", False)
