"""Security headers every response carries (Django's own settings cover HSTS,
nosniff, Referrer-Policy and frame denial)."""

from django.conf import settings
from django.utils import translation

# Public pages run no inline script or style at all; JSON-LD data blocks are not
# executed, so CSP does not need to allow them.
PUBLIC_CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
# The admin (staff only) hosts CKEditor 4, which needs inline styles and scripts.
ADMIN_CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ]
)
# Uploaded files (when the app serves /media/: development and tests; production's
# web server sends the same headers): an image may be shown, nothing may run, and a
# document opened directly is sandboxed in an origin of its own.
MEDIA_CSP = "default-src 'none'; img-src 'self'; sandbox"
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), browsing-topics=()"
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/admin/"
        # Only a local MEDIA_URL ("/media/") is served through Django.
        local = settings.MEDIA_URL.startswith("/") and not settings.MEDIA_URL.startswith("//")
        self.media_prefix = settings.MEDIA_URL if local else None

    def __call__(self, request):
        response = self.get_response(request)
        if self.media_prefix and request.path.startswith(self.media_prefix):
            response.headers["Content-Security-Policy"] = MEDIA_CSP
            response.headers["X-Content-Type-Options"] = "nosniff"
        is_admin = request.path.startswith(self.admin_prefix)
        response.headers.setdefault(
            "Content-Security-Policy", ADMIN_CSP if is_admin else PUBLIC_CSP
        )
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if not settings.DEBUG:
            response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response


# Where a signed-in staff member's session keeps their admin language ("" for none
# chosen), so that the admin does not ask the database for it on every page.
ADMIN_LANGUAGE_SESSION_KEY = "admin_language"


class AdminLanguageMiddleware:
    """The admin in the language each staff member chose (kernel.models.StaffPreference),
    else in the site's main language (LocaleMiddleware's choice for an address
    without a language prefix). Public pages keep the language of their address.
    Goes after AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/admin/") and request.user.is_authenticated:
            chosen = admin_language(request)
            if chosen:
                translation.activate(chosen)
                request.LANGUAGE_CODE = chosen
        return self.get_response(request)


def admin_language(request):
    """The admin language the signed-in user chose ("" for none), read once per session."""
    from kernel.models import StaffPreference

    session = request.session
    if ADMIN_LANGUAGE_SESSION_KEY not in session:
        chosen = StaffPreference.objects.filter(user=request.user).values_list(
            "admin_language", flat=True
        )
        session[ADMIN_LANGUAGE_SESSION_KEY] = chosen.first() or ""
    return session[ADMIN_LANGUAGE_SESSION_KEY]


def forget_admin_language(sender, request, user, **kwargs):
    """On signing in (``user_logged_in``): read the new user's choice afresh."""
    if request is not None and hasattr(request, "session"):
        request.session.pop(ADMIN_LANGUAGE_SESSION_KEY, None)


class RedirectsMiddleware:
    """Where the site answers 404, an address that moved redirects and one whose item
    was deleted answers 410 (kernel.redirects): one query, on 404s only. A middleware
    rather than the 404 handler so that development (DEBUG) answers as production
    does. Goes after CommonMiddleware (its added slash comes after this)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 404 and request.method in ("GET", "HEAD"):
            from kernel.redirects import answer

            return answer(request) or response
        return response
