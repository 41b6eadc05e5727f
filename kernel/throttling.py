"""Admin log-in throttling with django-axes: who the client is, and two limits.

Client address (``AXES_CLIENT_IP_CALLABLE``): ``REMOTE_ADDR``, unless that is one of
``settings.TRUSTED_PROXIES`` (addresses or networks); then X-Forwarded-For is read
from the right, skipping trusted proxies, and the first address not trusted is the
client. A proxy such as nginx (``proxy_add_x_forwarded_for``) appends the address it
saw to whatever the client sent, so entries left of that one are the client's own
invention and never used. (django-axes' AXES_IPWARE_* settings need django-ipware,
which is not installed, and its trusted-proxy check reads the header, not the
address the request really came from.)

Two limits (``AXES_HANDLER``): axes compares the largest failure count among its
``AXES_LOCKOUT_PARAMETERS`` with one ``AXES_FAILURE_LIMIT``. This handler scales
the count for the address-only parameter, so that ``LOGIN_FAILURE_LIMIT_PER_ADDRESS``
failures from one address (whatever the user names) lock it out as
``AXES_FAILURE_LIMIT`` failures for one user name from one address do. A successful
log-in resets only that user name's failures from that address, never the whole
address's count (else an attacker with any account could reset it at will).
"""

import ipaddress
from functools import lru_cache

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit, get_lockout_parameters
from axes.models import AccessAttempt
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Sum


@lru_cache(maxsize=8)
def _networks(trusted):
    try:
        return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in trusted)
    except ValueError as exc:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {exc}") from exc


def _address(text):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address, networks):
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped
    return any(address in network for network in networks)


def client_ip(request):
    """The visitor's address, believing X-Forwarded-For only from trusted proxies."""
    remote = request.META.get("REMOTE_ADDR", "")
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    client = _address(remote)
    if client is None or not networks:
        return remote or None
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    while _trusted(client, networks) and hops:
        previous = _address(hops.pop())
        if previous is None:  # garbage: keep the last address a trusted proxy vouched for
            break
        client = previous
    return str(client)


def _is_address_only(parameter):
    return ([parameter] if isinstance(parameter, str) else list(parameter)) == ["ip_address"]


class ThrottlingHandler(AxesDatabaseHandler):
    """AxesDatabaseHandler with a separate, higher limit for the address alone."""

    def get_failures(self, request, credentials=None):
        limit = get_failure_limit(request, credentials)
        address_limit = settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS
        parameters = get_lockout_parameters(request, credentials)
        attempts_list = self.get_user_attempts(request, credentials)
        worst = 0
        for parameter, attempts in zip(parameters, attempts_list, strict=True):
            failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            if _is_address_only(parameter):
                # Reaches `limit` exactly when failures reach `address_limit`.
                failures = failures * limit // address_limit
            worst = max(worst, failures)
        return worst

    def reset_user_attempts(self, request, credentials=None):
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(
            username=username, ip_address=request.axes_ip_address
        ).delete()
        return count
