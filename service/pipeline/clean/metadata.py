"""Title, byline, publication date and outlet of a page given as lines of text.

Each finder looks where pages put the item: the headline repeats the page title (the first
line of a scrape is usually the HTML <title>, "Headline - Outlet") or sits just above the body
behind the dateline and byline; bylines and datelines hug the body's edges; the outlet names
itself in the title suffix, the masthead or the copyright line, else the URL tells it.
"""

import re

from service.pipeline.text.dates import MONTHS, date_from_url, find_date
from service.pipeline.text.domains import host_of, registered_domain
from service.pipeline.text.language import stopwords
from service.pipeline.text.layout import sentence_end
from service.pipeline.text.person_names import known_name_words
from service.pipeline.vocabulary import entries, words

# Where a metadata value was found (the `evidence` of an article), besides the HTML's own "meta",
# "json-ld" and "trafilatura" (service.pipeline.clean.html) and "given" (a client's override).
PAGE_TITLE, HEADLINE_LINE = "page title", "headline line"
BYLINE_LINE, NAME_LINE = "byline line", "name line"
DATELINE, FOOTER_LINE, URL = "dateline", "footer line", "url"
TITLE_SUFFIX, MASTHEAD, COPYRIGHT_LINE = "title suffix", "masthead", "copyright line"

_TITLE_SEPARATORS = re.compile(r"\s+[|–—:-]\s+|\s+::\s+|\s+·\s+|\s+[»«]\s+|\s+//\s+|\s+--\s+")
# A blog's "Blog Name: Post title": looked for as a headline, though not split off as an outlet.
_COLON = re.compile(r":\s+")
_BYLINE = re.compile(r"^\W*(?:" + "|".join(entries("byline_leads")) + r")\s*[:：-]?\s+(?P<names>\S.*)$", re.I)
_INLINE_BY = re.compile(r"\bby\s+(?P<names>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,3})")
_NAME_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b|\by\b|\bet\b|\bund\b|\be\b|\bи\b|\bو)\s*")
_MONTH_NAMES = "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True))
# Where the names of a byline stop: a separator, a date, a time, a new sentence, "Updated".
_NAME_END = re.compile(
    rf"\s*(?:[|·•/(\[]|\s[-–]\s|\b(?:{_MONTH_NAMES})\.?\s+\d|\d|(?<=\w\w)\.\s"
    r"|\b(?:updated|published|posted|read|on|at)\b).*$",
    re.I,
)
_NAME_WORD = re.compile(r"^[^\W\d_][\w'’.-]*$")
# A name alone on its line: two or three capitalised words ("Dana Ruiz", "Ana de la Cruz" is not
# one), an initial allowed between them; none of them a job, a desk, a title, a month or a stopword.
_NAME_PART = r"[A-Z][a-z'’]+(?:-[A-Z]?[a-z'’]+)?"
_LONE_NAME = re.compile(rf"^{_NAME_PART}(?:\s+[A-Z]\.)?(?:\s+{_NAME_PART}){{1,2}}$")
_BYLINE_ROLES = words("byline_roles")
_TITLES = words("titles")
_NOT_NAME_WORDS = _BYLINE_ROLES | _TITLES | words("organisation_nouns") | frozenset(MONTHS)
COPYRIGHT_MARKS = entries("copyright_marks")
_COPYRIGHT = re.compile("|".join(map(re.escape, COPYRIGHT_MARKS)), re.I)
_COPYRIGHT_NOISE = re.compile(
    _COPYRIGHT.pattern + r"|all rights reserved\.?|(19|20)\d\d(\s*[-–]\s*(19|20)?\d\d)?"
    r"|^\s*www\.",
    re.I,
)
_NOT_HOLDER = re.compile(r"\b(designed|powered|developed|built|hosted|theme)\b", re.I)
_COMPANY_SUFFIX = re.compile(r",?\s+(pty\.?\s+)?(ltd|llc|inc|limited|gmbh|plc|corp)\.?$", re.I)
_SENTENCE_END = sentence_end()
_CLOCK = re.compile(r"\d{1,2}:\d\d")
_SPACE = re.compile(r"\s+")
MIN_OUTLET_CHARS = 6  # letters and digits a title part needs to count as the outlet's name
HEADER_REACH = 12  # lines above the body searched for title, dateline and byline
STANDFIRST_WORDS = 15  # words from which a line under a shorter headline-like line is its standfirst
TRAILER_REACH = 4  # lines below the body searched for a byline or dateline


def _norm(text: str) -> str:
    return _SPACE.sub(" ", re.sub(r"[^\w\s]", "", text.lower())).strip()


def _squeezed(text: str) -> str:
    """`_norm` without spaces: how outlet names are compared ("The Outlet" = "theoutlet")."""
    return _norm(text).replace(" ", "")


def split_page_title(line: str) -> list[str]:
    """The parts of a page title such as "Opinion | Headline - The Outlet"."""
    return [part.strip() for part in _TITLE_SEPARATORS.split(line) if part.strip()]


def strip_outlet(title: str, outlet: str | None) -> str:
    """ "Headline | The Outlet" -> "Headline" when the other parts of the title name `outlet`."""
    parts = split_page_title(title)
    key = _squeezed(outlet or "")
    if len(parts) < 2 or not key:
        return title
    most = len((outlet or "").split()) + 1  # "The Outlet" for "Outlet", not a half-headline that names it
    others = [p for p in parts if not _names_outlet(_squeezed(p), key, len(p.split()) <= most)]
    return " - ".join(others) if others and len(others) < len(parts) else title


def _names_outlet(part: str, outlet: str, short: bool) -> bool:
    """Whether a title part (normalised, no spaces) is the outlet's name (too): part of it, or it and
    a word or so more."""
    return part in outlet or (short and outlet in part)


def _headline_like(text: str) -> bool:
    words = text.split()
    return (
        3 <= len(words) <= 30
        and not text.rstrip().endswith((".", ",", ";"))
        and any(ch.isalpha() for ch in text)
        and not _CLOCK.search(text)
    )


def _title_forms(first: str) -> dict[str, int]:
    """The normalised forms of the page title a headline may repeat, with their word counts: the
    whole title, its longest part (the headline beside the outlet's name) and that part's pieces
    around a colon ("Blog Name: Post title")."""
    headline = max(split_page_title(first), key=lambda part: len(part.split()), default="")
    forms = {_norm(part): len(part.split()) for part in [headline, *_COLON.split(headline)] if len(part.split()) >= 3}
    forms[_norm(first)] = len(first.split())
    forms.pop("", None)
    return forms


def title_anchor(texts: list[str]) -> int | None:
    """Index of the line that repeats the page title (first line) as the article headline: the
    one repeating its longest part (an outlet's name in the title is shorter than the headline)."""
    if not texts:
        return None
    forms = _title_forms(texts[0])
    # Normalising drops characters, so lines shorter than the shortest wanted form can't match.
    shortest, longest = min(map(len, forms), default=0), max(map(len, forms), default=0)
    found = [
        (forms[key], -i)
        for i in range(1, len(texts))
        if shortest <= len(texts[i]) <= 2 * longest and (key := _norm(texts[i])) in forms and _headline_like(texts[i])
    ]
    return -max(found)[1] if found else None


def _dateline(text: str) -> bool:
    return len(text.split()) <= 12 and find_date(text) is not None


def _standfirst_below(texts: list[str], headline: int, line: int) -> bool:
    """Whether `line` is a standfirst, the sentence that sums the story up under its headline: at
    least STANDFIRST_WORDS words, no colon and no date (a caption's "FILE: March 7, 2012: ..."),
    under a headline-like line (not the page title) of at most two thirds as many words, capitalised,
    that is no byline or dateline."""
    if headline < 1:
        return False
    top, text = texts[headline], texts[line]
    words = len(text.split())
    return (
        words >= STANDFIRST_WORDS
        and ":" not in text
        and find_date(text) is None
        and top[:1].isupper()
        and _headline_like(top)
        and len(top.split()) * 3 <= words * 2
        and not byline_names(top)
        and not _dateline(top)
    )


def find_title(texts: list[str], start: int, anchor: int | None, skip: set[int]) -> tuple[str | None, int | None]:
    """The headline and its line index: the anchor, else the headline-like line just above the
    body (passing over bylines and the `skip` lines: datelines, captions...), else the page
    title's main part."""
    if anchor is not None:
        return texts[anchor], anchor
    for i in range(start - 1, max(-1, start - HEADER_REACH), -1):
        if i in skip or byline_names(texts[i]) or lone_name(texts[i]) or _dateline(texts[i]):
            continue
        if _headline_like(texts[i]):
            above = i - 1
            if _standfirst_below(texts, above, i) and above not in skip:
                return texts[above], above  # the headline over its standfirst
            return texts[i], i
        break
    if texts:
        parts = split_page_title(texts[0])
        best = max(parts, key=lambda p: len(p.split()), default="")
        if _headline_like(best):
            return best, None
    return None, None


def byline_names(line: str, people: bool = False) -> list[str]:
    """The names a byline such as "By Jane Doe and John Roe | 5 May" credits, else []. With `people`,
    only those that may be a person's: no desk or job ("By Ann Lee, Sports Reporter") and, after a
    "by" inside a line rather than leading it, two words at least ("News alerts by Email")."""
    if len(line.split()) > 16:
        return []
    match = _BYLINE.match(line) or ("by " in line and _INLINE_BY.search(line))
    if not match:
        return []
    names = []
    for part in _NAME_SPLIT.split(_NAME_END.sub("", match["names"])):
        words = part.strip(" .,:;").split()
        if (
            1 <= len(words) <= 4
            and all(_NAME_WORD.match(w) and not w[0].islower() for w in words)
            and not re.search(r"\.[a-z]{2,}$", part.lower())
            and not (people and (words[-1].lower() in _BYLINE_ROLES or match.re is _INLINE_BY and len(words) < 2))
        ):
            names.append(" ".join(words))
    return names


def lone_name(line: str) -> str | None:
    """The person a line of only their name credits ("Dana Ruiz"), else None."""
    text = line.strip()
    if not _LONE_NAME.match(text):
        return None
    stop = stopwords("en")  # "Read More", "Back Home": English furniture
    folded = (w.lower().rstrip(".") for w in text.split())
    return None if any(w in _NOT_NAME_WORDS or w in stop for w in folded) else text


def find_authors(
    texts: list[str], start: int, end: int, title_index: int | None = None
) -> tuple[list[str], str | None]:
    """Byline names near the body [start, end) and where they were found: a byline line ("By ..."),
    else a line of only a name (or a name and the reporter's job after a comma) between the headline
    and the body, after the headline or beside a dateline or a line of the reporter's job."""
    lines = list(range(max(0, start - HEADER_REACH), min(len(texts), start + 2)))
    lines += range(max(end - 2, start + 2), min(len(texts), end + TRAILER_REACH))
    for i in lines:
        names = byline_names(texts[i], people=True)
        if names:
            return names, BYLINE_LINE
    top = max(0, start - 4) if title_index is None else title_index + 1
    for i in range(top, min(start, len(texts))):
        name, role = texts[i].partition(",")[::2]
        if role and not role_line(role):
            continue
        honorific, _, rest = name.partition(" ")
        if honorific.lower().rstrip(".") in _TITLES and len(rest.split()) > 1:
            name = rest  # "Dr. Ann Lee" alone on her line
        before, after = texts[i - 1] if i else "", texts[i + 1] if i + 1 < len(texts) else ""
        marked = i - 1 == title_index or bool(role) or _dateline(before) or _dateline(after) or role_line(after)
        found = lone_name(name) if marked else None
        if found and known_name_words().intersection(found.lower().split()):  # not "Related Articles"
            return [found], NAME_LINE
    return [], None


def role_line(text: str) -> bool:
    """A reporter's job alone, as a line under their name or after it and a comma ("Local democracy
    reporter", "Staff Writer")."""
    words = text.split()
    return 0 < len(words) <= 5 and not _SENTENCE_END.search(text) and words[-1].lower() in _BYLINE_ROLES


def find_published(texts: list[str], start: int, end: int, url: str | None) -> tuple[str | None, str | None]:
    """The publication date near the body's top (then its bottom), else the one in the URL, and
    where it was found."""
    header = range(max(0, start - HEADER_REACH), min(len(texts), start + 3))
    trailer = range(end, min(len(texts), end + TRAILER_REACH))
    for i in [*reversed(header), *trailer]:
        if len(texts[i].split()) <= 20:
            found = find_date(texts[i], month_first=True)
            if found:
                return found, DATELINE if i in header else FOOTER_LINE
    found = date_from_url(url)
    return found, URL if found else None


def _copyright_holder(line: str) -> str | None:
    """The name in a copyright line like "© 2019 The Outlet. All rights reserved."."""
    if not _COPYRIGHT.search(line) or not re.search(r"(19|20)\d\d|all rights", line, re.I):
        return None
    rest = " ".join(_COPYRIGHT_NOISE.sub(" ", line).split())  # single spaces: the patterns below stay linear
    for fragment in re.split(r"[.,;|·]\s|\s[-–]\s|[.,]\s*$", rest):
        fragment = _COMPANY_SUFFIX.sub("", fragment.strip(" .,-–:"))
        if any(ch.isalpha() for ch in fragment) and len(fragment.split()) <= 5 and not _NOT_HOLDER.search(fragment):
            return fragment
    return None


def _masthead(texts: list[str], label: str) -> str | None:
    """A short line at the top of the page naming the site as its domain does ("The Example Post" on
    examplepost.com): every longer word of it is in the domain's `label`."""
    for text in texts[:HEADER_REACH]:
        words = [w for w in _norm(text).split() if len(w) > 2 and w != "the"]
        if words and len(text.split()) <= 4 and not _SENTENCE_END.search(text) and all(w in label for w in words):
            return text
    return None


def _whole_headline(texts: list[str], parts: list[str]) -> bool:
    """Whether the page title is the page's headline, dash and all, with no outlet in it: the page
    repeats it whole as a line and none of its parts alone."""
    lines = set(texts[1:])
    return texts[0] in lines and not any(part in lines for part in parts)


def find_source(
    texts: list[str],
    url: str | None,
    title: str | None,
    headline: str | None = None,
    known: tuple[str | None, str | None] | None = None,
) -> tuple[str | None, str | None]:
    """The outlet's name as the page gives it: the page title's part that the masthead or copyright
    line names, else its suffix (a part other than the `headline` served, else than its longest
    part), else a masthead line matching the URL's host, else the copyright holder; None when the
    page names no outlet (its domain is a separate field); and where it was found."""
    host = host_of(url).replace("-", "").replace(".", "")
    parts = split_page_title(texts[0]) if texts else []
    outlet, outlet_from = known or page_outlet(texts, url)  # `known`: page_outlet's answer, if worked out
    if len(parts) >= 2 and not _whole_headline(texts, parts):
        named = [p for p in parts if outlet and names_outlet(p, outlet)]
        if named and len(named) < len(parts):
            return max(named, key=len), TITLE_SUFFIX  # the part the masthead or copyright line also names
        served = [p for p in parts if headline and _norm(p) == _norm(headline)]
        headline = served[0] if served else max(parts, key=lambda p: len(p.split()))
        others = [p for p in parts if p != headline and (served or p != title)]
        in_host = [p for p in others if any(w in host for w in _norm(p).split() if len(w) > 2)]
        candidate = (in_host or others or [""])[-1]
        candidate = re.sub(r"^www\.", "", candidate)
        if 0 < len(candidate.split()) <= 5 and not find_date(candidate):  # "Headline - October 29, 2012"
            return candidate, TITLE_SUFFIX
    return outlet, outlet_from


def page_outlet(texts: list[str], url: str | None) -> tuple[str | None, str | None]:
    """The outlet a page names outside its title: a masthead line matching the URL's host, else the
    copyright holder; and where it was found."""
    label = (registered_domain(url) or "").split(".")[0].replace("-", "")  # "examplepost" of news.examplepost.com
    masthead = _masthead(texts, label) if label else None
    if masthead:
        return masthead, MASTHEAD
    holder = next(filter(None, map(_copyright_holder, reversed(texts))), None)
    return (holder, COPYRIGHT_LINE) if holder else (None, None)


def names_outlet(text: str, outlet: str) -> bool:
    """Whether `text` is the name of `outlet` or a part of it long enough not to be a mere word
    of it ("News" of "Independent Television News")."""
    part = _squeezed(text)
    return len(part) >= MIN_OUTLET_CHARS and _names_outlet(part, _squeezed(outlet), short=False)
