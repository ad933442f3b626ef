"""Write `data/vocabulary/listed_companies.txt`, the names of listed companies the entity typing knows.

    python -m benchmarks.listed_companies      # also a step of `make train-entities`

The companies are those of twenty stock indices (S&P 500, NASDAQ 100, FTSE 100, DAX, CAC 40, Nikkei
225, ...) as `pytickersymbols` ships them (MIT licence, about 1,800 companies), each written as
`names.company_key` reads a name ("walt disney" from "The Walt Disney Company"), and again without a
last word that only says it is a company ("goldman sachs" from "The Goldman Sachs Group, Inc."),
unless that leaves one word. Places are left out ("boston", "ohio"). The whole list, sorted: the same
package version writes the same file. Needs the `train` extra; the service reads the text file.
"""

import re
from pathlib import Path

from pytickersymbols import PyTickerSymbols

from benchmarks.news_sites import place_keys
from service.pipeline.enrich.names import company_key

TARGET = Path(__file__).resolve().parent.parent / "service/pipeline/data/vocabulary/listed_companies.txt"
GENERIC_ENDS = frozenset("group groups holding holdings company companies corporation".split())


def keys(name: str) -> set[str]:
    """The keys a listed company is known by: its name's, and that without a generic last word."""
    key = company_key(name)
    words = key.split()
    shorter = {" ".join(words[:-1])} if len(words) > 2 and words[-1] in GENERIC_ENDS else set()
    return {key, *shorter} - {""}


def main() -> None:
    names = {key for stock in PyTickerSymbols().get_all_stocks() for key in keys(stock["name"])}
    places = place_keys()
    names = {name for name in names if re.sub(r"\W", "", name) not in places}
    header = (
        "# Names of listed companies (pytickersymbols' twenty stock indices, MIT licence) as\n"
        "# names.company_key writes them, places left out.\n"
        "# Written by `python -m benchmarks.listed_companies`; do not edit by hand.\n"
    )
    TARGET.write_text(header + "".join(f"{name}\n" for name in sorted(names)), encoding="utf-8")
    print(f"wrote {TARGET.name}: {len(names)} names")


if __name__ == "__main__":
    main()
