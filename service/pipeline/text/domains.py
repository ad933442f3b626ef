"""Where a page comes from: its host and its registered domain (public suffix list, bundled with tld)."""

from urllib.parse import urlsplit

from tld import get_fld


def host_of(url: str | None) -> str:
    """The URL's host, lower-cased, without a leading "www." ("" when there is none)."""
    try:
        host = urlsplit(url or "").hostname or ""
    except ValueError:
        return ""
    return host.rstrip(".").removeprefix("www.")


def registered_domain(url_or_host: str | None) -> str | None:
    """The registered domain ("bbc.co.uk" for https://www.bbc.co.uk/news, "sky.com" for news.sky.com):
    the outlet's identity; the bare host when the suffix is not a public one (localhost, .example)."""
    text = (url_or_host or "").strip()
    if not text:
        return None
    url = text if "://" in text else f"http://{text}"
    host = host_of(url)
    if not host:
        return None
    found = get_fld(f"http://{host}", fail_silently=True)
    return str(found) if found else host
