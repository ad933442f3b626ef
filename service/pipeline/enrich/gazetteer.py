"""Names whose kind is known whatever label the model gives them: countries and capital cities are
places ("Kyiv" as a person), listed companies organisations ("Sysco" as a place)."""

from service.pipeline.vocabulary import words

PLACES = words("countries") | words("capitals")
# The companies of twenty stock indices by their key, lower-case letters and digits without the
# legal form ("sysco", "waltdisney"), from pytickersymbols (benchmarks/listed_companies.py).
LISTED_COMPANIES = words("listed_companies")
