"""Security headers, production cookie settings, XSS vectors and login throttling."""

import json
import re
from html.parser import HTMLParser

import pytest

from .support import GOOD_KEY, elements, manage

pytestmark = pytest.mark.django_db

# OWASP XSS filter evasion cheat sheet style vectors.
XSS_VECTORS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=http://xss.example/xss.js></SCRIPT>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=javascript:alert('XSS')>",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    '<IMG """><SCRIPT>alert("XSS")</SCRIPT>">',
    "<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>",
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    '<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>',
    '<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041">',
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
    "<IMG SRC=\"jav\tascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">",
    "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
    '<SCRIPT/XSS SRC="http://xss.example/xss.js"></SCRIPT>',
    '<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert("XSS")>',
    '<<SCRIPT>alert("XSS");//\\<</SCRIPT>',
    "<SCRIPT SRC=//xss.example/.j>",
    "<IMG SRC=\"`<javascript:alert>`('XSS')\"",
    "<iframe src=http://xss.example/scriptlet.html <",
    '</TITLE><SCRIPT>alert("XSS");</SCRIPT>',
    '<INPUT TYPE="IMAGE" SRC="javascript:alert(\'XSS\');">',
    "<BODY BACKGROUND=\"javascript:alert('XSS')\">",
    "<svg/onload=alert('XSS')>",
    "<BGSOUND SRC=\"javascript:alert('XSS');\">",
    '<LINK REL="stylesheet" HREF="javascript:alert(\'XSS\');">',
    "<STYLE>@import'http://xss.example/xss.css';</STYLE>",
    '<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert(\'XSS\');">',
    "<TABLE BACKGROUND=\"javascript:alert('XSS')\">",
    "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">",
    '<OBJECT TYPE="text/x-scriptlet" DATA="http://xss.example/scriptlet.html"></OBJECT>',
    '<EMBED SRC="data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH A6Ly93d3cudzMub3JnLzIwMDAvc3ZnIiB4bWxucz0iaHR0cDovL3d3dy53My5vcmcv MjAwMC9zdmciIHhtbG5zOnhsaW5rPSJodHRwOi8vd3d3LnczLm9yZy8xOTk5L3hs aW5rIiB2ZXJzaW9uPSIxLjAiIHg9IjAiIHk9IjAiIHdpZHRoPSIxOTQiIGhlaWdodD0iMjAw IiBpZD0ieHNzIj48c2NyaXB0IHR5cGU9InRleHQvZWNtYXNjcmlwdCI+YWxlcnQoIlh TUyIpOzwvc2NyaXB0Pjwvc3ZnPg==" type="image/svg+xml" AllowScriptAccess="always"></EMBED>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<form><button formaction=javascript:alert(1)>x</button></form>",
    "<details open ontoggle=alert(1)>",
]

FORBIDDEN_TAGS = {
    "script",
    "iframe",
    "object",
    "embed",
    "style",
    "link",
    "meta",
    "form",
    "svg",
    "math",
    "base",
    "input",
    "button",
    "details",
    "bgsound",
    "body",
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "background", "data", "xlink:href"}


class ActiveContentFinder(HTMLParser):
    """Collects anything a browser could execute: tags, handlers, script URLs."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag in FORBIDDEN_TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.found.append(f"{tag}[{name}]")
            if name in URL_ATTRIBUTES and value:
                compact = re.sub(r"[\x00-\x20]", "", value).lower()
                if compact.startswith(("javascript:", "vbscript:", "data:")):
                    self.found.append(f"{tag}[{name}={value!r}]")


def active_content(html):
    finder = ActiveContentFinder()
    finder.feed(html)
    return finder.found


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_no_xss_vector_survives_to_a_public_page(client, make_news, make_page, vector):
    item = make_news(title="Safe title", body=f"<p>before</p>{vector}<p>after</p>")
    page = make_page(body=vector, slug="vector-page")
    for url in (item.get_absolute_url(), page.get_absolute_url()):
        content = client.get(url).content.decode()
        article = content[content.index("<main") : content.index("</main>")]
        assert active_content(article) == [], (vector, article)


def test_security_headers_on_public_pages(client, make_news):
    response = client.get("/news/")
    csp = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["script-src"] == "'self'"  # no 'unsafe-inline'
    assert "'unsafe-inline'" not in csp
    assert directives["frame-ancestors"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_public_pages_have_no_inline_script_or_style(client, make_news):
    item = make_news()
    for url in ("/", "/news/", item.get_absolute_url(), "/contacts/", "/search/?q=x"):
        found = elements(client.get(url), None)
        scripts = [e["attrs"] for e in found if e["tag"] == "script"]
        assert [s for s in scripts if s.get("type") != "application/ld+json"] == [], url
        assert [e for e in found if e["tag"] == "style" or "style" in e["attrs"]] == [], url


def test_production_settings_harden_cookies_and_transport():
    code = (
        "from django.conf import settings as s; import json; print(json.dumps(["
        "s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_SECURE,"
        "s.CSRF_COOKIE_HTTPONLY, s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT]))"
    )
    result = manage("shell", "-c", code, SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="example.org")
    assert result.returncode == 0, result.stderr
    secure, httponly, csrf_secure, csrf_httponly, hsts, redirect = json.loads(
        result.stdout.strip().splitlines()[-1]
    )
    assert secure and httponly and csrf_secure and csrf_httponly and redirect
    assert hsts >= 31536000


class TestLoginThrottling:
    def test_repeated_failures_lock_out_with_a_clear_message(self, client, django_user_model):
        django_user_model.objects.create_superuser("admin", "a@example.org", "right-password")
        for _ in range(4):
            response = client.post("/admin/login/", {"username": "admin", "password": "wrong"})
            assert response.status_code == 200
            assert "Please enter the correct username and password" in response.content.decode()
        locked = client.post("/admin/login/", {"username": "admin", "password": "wrong"})
        assert locked.status_code == 429
        assert "Too many failed log-in attempts" in locked.content.decode()
        assert "15 minutes" in locked.content.decode()
        # Even the right password is refused during the lock-out.
        again = client.post("/admin/login/", {"username": "admin", "password": "right-password"})
        assert again.status_code == 429
        assert "_auth_user_id" not in client.session

    def test_success_before_the_limit_resets_the_count(self, client, django_user_model):
        django_user_model.objects.create_superuser("admin", "a@example.org", "right-password")
        for _ in range(3):
            client.post("/admin/login/", {"username": "admin", "password": "wrong"})
        ok = client.post("/admin/login/", {"username": "admin", "password": "right-password"})
        assert ok.status_code == 302


def test_the_checker_finds_active_content():
    assert active_content('<img src=x onerror="alert(1)">') == ["img[onerror]"]
    assert active_content('<a href=" JaVa\tScript:alert(1)">x</a>')
    assert active_content("<p>javascript: is only text here</p>") == []
