"""A submitted article as the service accepts it: validated fields of `text`/`html`, url and overrides.

The HTTP layer declares it in the OpenAPI document; the loader validates bulk and CLI items with it.
"""

import re
from datetime import UTC, date, datetime

from marshmallow import Schema, ValidationError, fields, pre_load, validate, validates_schema


class IsoDate(fields.String):
    """An ISO 8601 date or date-time, kept as its ISO string; one Elasticsearch can store (an offset
    of whole minutes, a moment within years 1 to 9999 in UTC)."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            moment = datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)
        except ValueError:
            raise ValidationError(
                "Not an ISO 8601 date or date-time, e.g. 2026-01-16 or 2026-01-16T11:37:00Z."
            ) from None
        offset = moment.utcoffset() if isinstance(moment, datetime) else None
        if offset is not None and (offset.seconds % 60 or offset.microseconds):
            raise ValidationError("The UTC offset must be whole minutes, e.g. +05:30.")
        try:
            if isinstance(moment, datetime) and offset is not None:
                moment.astimezone(UTC)
        except OverflowError:
            raise ValidationError("Out of range: the moment in UTC must fall within the years 1 to 9999.") from None
        return moment.isoformat()


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ud800-\udfff]")


def plain_text(value: str) -> None:
    """No control characters and no lone surrogates (JSON can smuggle both in)."""
    bad = _CONTROL.search(value)
    if bad:
        what = "a lone surrogate" if "\ud800" <= bad.group() <= "\udfff" else "a control character"
        raise ValidationError(f"Must not contain {what} (found U+{ord(bad.group()):04X} at offset {bad.start()}).")


def _article_text(value: str) -> None:
    if not value.strip():
        raise ValidationError("Must not be empty or whitespace.")
    plain_text(value)


class ArticleInSchema(Schema):
    text = fields.String(
        validate=_article_text,
        metadata={
            "description": "The page's visible text as scraped, one block per line.",
            "example": "Menu\nUK rejects calls to reopen talks\n16 January 2026\nThe United Kingdom has ...",
        },
    )
    html = fields.String(
        validate=_article_text, metadata={"description": "The page's HTML; used instead of text when both are given."}
    )
    url = fields.Url(
        validate=[validate.Length(max=2048), plain_text],
        metadata={
            "description": "Where the page came from; the article's identity.",
            "example": "https://example.com/news/uk-talks",
        },
    )
    title = fields.String(
        validate=[validate.Length(min=1, max=1000), plain_text],
        metadata={"description": "Overrides the extracted title."},
    )
    source = fields.String(
        validate=[validate.Length(min=1, max=200), plain_text],
        metadata={"description": "Overrides the extracted outlet."},
    )
    published_at = IsoDate(metadata={"description": "Overrides the extracted publication date (ISO 8601)."})
    language = fields.String(
        validate=[  # the length too: "$" matches before a final newline, and "en\n" got in
            validate.Regexp(r"^[a-z]{2}$", error="Must be an ISO 639-1 code such as 'en'."),
            validate.Length(equal=2, error="Must be an ISO 639-1 code such as 'en'."),
        ],
        metadata={"description": "Overrides the detected language (ISO 639-1)."},
    )

    @pre_load
    def _one_object(self, data, **kwargs):
        if isinstance(data, list):
            raise ValidationError(
                "One article is one JSON object; a JSON array of articles goes to POST /articles/bulk.",
                field_name="body",
            )
        return data

    @validates_schema
    def _text_or_html(self, data, **kwargs):
        if not data.get("text") and not data.get("html"):
            raise ValidationError("Give the article as 'text' or 'html'.", field_name="text")
