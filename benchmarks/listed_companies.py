"""Write `data/vocabulary/listed_companies.txt`, the companies the entity typing knows by name.

    python -m benchmarks.listed_companies      # also a step of `make train-entities`

The companies are those of twenty stock indices (S&P 500, FTSE 100, DAX, Nikkei 225 ...) in
`pytickersymbols` (MIT licence, about 1,800 companies); a name is the company's name without its
legal form (cleanco: "Sysco Corporation" -> "sysco") or a leading "The", lower case, letters and digits
only, unless it also names a place (as for the news sites). The whole list, sorted: the same package
versions write the same file. Needs the `train` extra; the service reads the text file.
"""

from pathlib import Path

from cleanco import basename
from pytickersymbols import PyTickerSymbols

from benchmarks.news_sites import place_keys, write_names
from service.pipeline.enrich.gazetteer import company_key

TARGET = Path(__file__).resolve().parent.parent / "service/pipeline/data/vocabulary/listed_companies.txt"


def main() -> None:
    names = {company_key(basename(stock["name"])) for stock in PyTickerSymbols().get_all_stocks()}
    keys = {key for key in names - place_keys() if len(key) > 2}
    what = "Companies of twenty stock indices (pytickersymbols, MIT licence), no legal form, places left out."
    write_names(TARGET, what, "benchmarks.listed_companies", keys)


if __name__ == "__main__":
    main()
