"""Boilerplate removal: the article body and metadata from a scraped page."""
from dataclasses import asdict, dataclass, field


@dataclass
class Cleaned:
    body: str
    title: str | None = None
    author: list[str] = field(default_factory=list)
    published_at: str | None = None
    source: str | None = None
    language: str | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def clean_text(raw: str, url: str | None = None) -> Cleaned:
    """Return the article in `raw` (one block per line). Placeholder: keeps every line."""
    return Cleaned(body="\n".join(line.strip() for line in raw.splitlines() if line.strip()))


def clean_html(html: str, url: str | None = None) -> Cleaned:
    """Return the article in an HTML page. Placeholder: no extraction yet."""
    return clean_text(html, url=url)
