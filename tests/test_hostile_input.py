"""Property-based: random path segments and query strings never cause a server error."""

from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

# Every public URL pattern, with {} where a path segment goes.
PATTERNS = [
    "/",
    "/news/",
    "/news/{}/",
    "/news/country/{}/",
    "/news/country/{}/feed/",
    "/news/country/{}/feed/atom/",
    "/news/topic/{}/feed/",
    "/news/topic/{}/feed/atom/",
    "/news/feed/",
    "/news/feed/atom/",
    "/contacts/",
    "/search/",
    "/sitemap.xml",
    "/sitemap-{}.xml",
    "/robots.txt",
    "/{}/",
    "/{}/{}/",
]

nasty_text = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        [
            "' OR 1=1 --",
            '"><script>alert(1)</script>',
            "../../etc/passwd",
            "%00",
            "\x00",
            "9" * 400,
            "-1",
            "1e400",
            "NaN",
            "0x7fffffff",
            "ℵ₀",
            "😀" * 20,
            "\ud800",
            "uzbekistan",
            "2018",
            "last",
            "a-story",
            "istoriya",
            "kto-my",
            "who-we-are",
            "ru",
            "kk",
        ]
    ),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)
keys = st.sampled_from(["page", "country", "topic", "type", "scope", "year", "month", "q", "x"])


@pytest.fixture
def site(make_country, make_news, make_page):
    uz = make_country("Uzbekistan", "UZ", name_ru="Узбекистан")
    make_news("A story", slug="a-story", countries=[uz], title_ru="История", slug_ru="istoriya")
    root = make_page("Who We Are", slug="who-we-are", title_ru="Кто мы", slug_ru="kto-my")
    make_page("About", slug="about", parent=root)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    prefix=st.sampled_from(["", "/ru", "/kk"]),
    pattern=st.sampled_from(PATTERNS),
    segments=st.lists(nasty_text, min_size=2, max_size=2),
    query=st.lists(st.tuples(keys, nasty_text), max_size=4),
)
def test_no_input_causes_a_server_error(site, prefix, pattern, segments, query):
    if pattern.startswith(("/sitemap", "/robots")):
        prefix = ""  # not per language
    path = prefix + pattern.format(
        *(quote(s.encode("utf-8", "surrogatepass"), safe="") for s in segments)
    )
    params = urlencode([(k, v.encode("utf-8", "surrogatepass")) for k, v in query])
    response = Client(raise_request_exception=False).get(f"{path}?{params}" if params else path)
    assert response.status_code < 500, (path, params, response.status_code)
