"""Given names and family names of many countries, for telling a person's name from other words."""

import importlib
import pkgutil
import unicodedata
from functools import lru_cache

import faker.providers.person


@lru_cache(maxsize=1)
def known_name_words() -> frozenset[str]:
    """Given names and family names of many countries, lower case: Faker's person data of its 80-odd
    locales (about 60,000 words), and each also without its accents as English text often writes it
    ("Dvorak" for "Dvořák"), read once per process."""
    return given_names() | _names("last_names")


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """The given names of `known_name_words` ("veronica"; not "downing")."""
    return _names("first_names")


def _names(attr: str) -> frozenset[str]:
    found: set[str] = set()
    for module in pkgutil.iter_modules(faker.providers.person.__path__):
        names = getattr(importlib.import_module(f"faker.providers.person.{module.name}").Provider, attr, ())
        if not isinstance(names, property):  # a few locales compute them
            found.update(name.lower() for name in names)
    return frozenset(found | {_unaccented(name) for name in found})


def _unaccented(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
