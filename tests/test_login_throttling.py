"""Admin log-in throttling behind a reverse proxy (django-axes, kernel.throttling).

nginx → gunicorn on 127.0.0.1: every request arrives from 127.0.0.1, and the visitor's
address is only in X-Forwarded-For, which counts only when the request comes from a
proxy listed in TRUSTED_PROXIES."""

import pytest
from django.test import Client, RequestFactory

from .support import GOOD_KEY, manage

PROXY = "127.0.0.1"
ATTACKER = "203.0.113.9"
REAL_ADMIN = "198.51.100.7"


def login(client, username, password, remote_addr=PROXY, forwarded_for=None):
    headers = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post("/admin/login/", {"username": username, "password": password}, **headers)


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser("admin", "a@example.org", "right-password")


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = [PROXY]


def test_wrong_passwords_from_another_client_behind_the_proxy_do_not_lock_out_the_admin(
    admin_user, behind_proxy
):
    attacker = Client()
    statuses = [
        login(attacker, "admin", "wrong", forwarded_for=ATTACKER).status_code for _ in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]  # the attacker is locked out...
    # ...the real admin, through the same proxy from another address, is not.
    ok = login(Client(), "admin", "right-password", forwarded_for=REAL_ADMIN)
    assert ok.status_code == 302


def test_spoofed_forwarded_for_from_an_untrusted_address_is_ignored(admin_user, behind_proxy):
    client = Client()
    statuses = [
        login(
            client, "admin", "wrong", remote_addr=ATTACKER, forwarded_for=f"192.0.2.{n}"
        ).status_code
        for n in range(5)
    ]
    assert statuses[-1] == 429


def test_spoofed_addresses_prepended_through_the_proxy_are_ignored(admin_user, behind_proxy):
    # nginx appends the address it saw to whatever the client sent: the right-most
    # untrusted entry is the visitor, anything left of it is the visitor's invention.
    client = Client()
    statuses = [
        login(client, "admin", "wrong", forwarded_for=f"192.0.2.{n}, {ATTACKER}").status_code
        for n in range(5)
    ]
    assert statuses[-1] == 429


def test_without_trusted_proxies_forwarded_for_is_ignored(admin_user, settings):
    settings.TRUSTED_PROXIES = []
    client = Client()
    statuses = [
        login(client, "admin", "wrong", forwarded_for=f"192.0.2.{n}").status_code for n in range(5)
    ]
    assert statuses[-1] == 429


def test_one_address_trying_many_user_names_is_locked_out(db, behind_proxy):
    client = Client()
    statuses = [
        login(client, f"user{n}", "wrong", forwarded_for=ATTACKER).status_code for n in range(40)
    ]
    assert statuses[:19] == [200] * 19
    assert set(statuses[19:]) == {429}
    # Other visitors behind the same proxy can still log in.
    assert login(Client(), "someone", "wrong", forwarded_for=REAL_ADMIN).status_code == 200


def test_a_successful_login_does_not_clear_the_failures_against_other_accounts(
    admin_user, django_user_model, behind_proxy
):
    # An attacker with an account of their own must not reset the count against admin.
    django_user_model.objects.create_user(
        "editor", "e@example.org", "editor-password", is_staff=True
    )
    attacker = Client()
    for _ in range(4):
        assert login(attacker, "admin", "wrong", forwarded_for=ATTACKER).status_code == 200
    assert login(Client(), "editor", "editor-password", forwarded_for=ATTACKER).status_code == 302
    assert login(attacker, "admin", "wrong", forwarded_for=ATTACKER).status_code == 429


@pytest.mark.parametrize(
    ("trusted", "remote_addr", "forwarded_for", "expected"),
    [
        ([], "127.0.0.1", "203.0.113.9", "127.0.0.1"),
        (["127.0.0.1"], "127.0.0.1", None, "127.0.0.1"),
        (["127.0.0.1"], "127.0.0.1", "203.0.113.9", "203.0.113.9"),
        (["127.0.0.1"], "198.51.100.1", "203.0.113.9", "198.51.100.1"),
        (["127.0.0.1"], "127.0.0.1", "1.2.3.4, 203.0.113.9", "203.0.113.9"),
        # two proxies (a load balancer in 10.0.0.0/8, then nginx on the same host)
        (["127.0.0.1", "10.0.0.0/8"], "127.0.0.1", "1.2.3.4, 203.0.113.9, 10.1.2.3", "203.0.113.9"),
        # every hop trusted: the left-most is the best we know
        (["127.0.0.1", "10.0.0.0/8"], "127.0.0.1", "10.0.0.5", "10.0.0.5"),
        # garbage the proxy passed on: stop at it, keep the last address we trust
        (["127.0.0.1"], "127.0.0.1", "not-an-address", "127.0.0.1"),
        (["127.0.0.1", "10.0.0.0/8"], "127.0.0.1", "junk, 10.0.0.5", "10.0.0.5"),
        (["::1"], "::1", "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_ip(settings, trusted, remote_addr, forwarded_for, expected):
    from kernel.throttling import client_ip

    settings.TRUSTED_PROXIES = trusted
    meta = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded_for
    assert client_ip(RequestFactory().get("/", **meta)) == expected


def test_production_refuses_a_malformed_trusted_proxy():
    env = {"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "example.org"}
    bad = manage("check", TRUSTED_PROXIES="127.0.0.1,nginx", **env)
    assert bad.returncode != 0
    assert "TRUSTED_PROXIES" in bad.stderr
    good = manage("check", TRUSTED_PROXIES="127.0.0.1, 10.0.0.0/8, ::1", **env)
    assert good.returncode == 0, good.stderr
