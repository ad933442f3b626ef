"""The entity and quote correction rules by name, each one switchable.

Every rule the enrichment applies on top of the model is named in `RULES`; the code applies a
rule when `on(name)` holds, and lists of rule functions are kept as `(name, function)` pairs read
through `active(...)`. All rules are on; the ablation benchmark (`python -m benchmarks.ablation`)
switches them off one at a time with `switched_off(name)` to measure what each is worth.
"""

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar

RULES = {
    # model entities retyped and widened (retyping.py)
    "retype_by_place": "a name before a kind of place (the Rukban camp) or after in/near is a place",
    "datelines": "a name in capitals opening a line, a dash after it (HALVORSEN, Norway -), is a place",
    "widen_organisations": "an organisation name the model cut short is widened (Supreme Court [of Ruritania])",
    "joined_organisations": "two names joined before the organisation noun they share (Avon and Somerset Police): one",
    # mentions the model misses (missed_mentions.py)
    "missed_places": "untagged countries and capitals are locations",
    "missed_speakers": "an untagged proper noun that says or tells is a person",
    "institutions": "a place followed by an institution noun (the U.S. military) is an organisation",
    "titled_names": "untagged names after a lower-case role (spokesman John Kirby) are people",
    "party_districts": "the state of a politician's party tag (Sen. Ann Lee, D-Vt.) is a location",
    "untagged_datelines": "an untagged known place in capitals opening a line, a dash after it (MADRID -), is found",
    "organisation_runs": "an untagged run of proper nouns ending in an organisation noun is an organisation, widened",
    # one mention cleaned (entities._mention)
    "party_members": "party members named as a group (Virginia Democrats) stand for it (not Liberal Democrats)",
    "possessive_offices": "a possessive before an organisation noun ending the name stays in it (Sheriff's Office)",
    "children_named": "a one-word name beside a child noun takes the parent's family name (Lee's son, Bo)",
    "person_shape": "a several-word person that is not a personal name, or a bare title, is dropped",
    "plural_person_is_organisation": "a one-word plural proper noun typed person (Steelers) is an organisation",
    "person_describes_a_thing": "a one-word person after 'the' or qualifying a common noun is dropped",
    "event_names": "a name ending in an event, competition or law word is dropped",
    "clauses": "a span with a lower-case verb (Garrett hit Rudolph) is dropped",
    "titled_works": "a name filling its own quotation marks (a title) is dropped",
    "slashed_pairs": "two names paired with a slash (Lindqvist/Moreau, a film Kestrel/Ayr) are dropped, not AC/DC",
    "demonyms": "a nationality or adjective typed location (French) is dropped",
    # entities grouped and typed (entities.extract_entities, _group, _type)
    "capitalised_common_words": "a one-word name seen only opening sentences and also in lower case is dropped",
    "timed_places": "a location after during/since/until is a time (a festival), dropped",
    "places_stand_alone": "a country or capital never joins a longer name",
    "placed_people": "a name typed a place that opens with a given name (a spokesman, Lars Eide) can take its surname",
    "surnames_join": "a surname joins the one longer person name it ends (or the longest of names ending one another)",
    "first_names_join": "a first name joins the one longer person name it starts",
    "spelling_variants": "a person name spelt differently (a transliteration) joins the more used one it nearly equals",
    "acronyms_join": "an acronym joins the one longer name of the article whose initials it spells (CPJ)",
    "org_prefixes_join": "a one-word organisation joins the one longer organisation it starts (SoftBank)",
    "org_suffixes_join": "an organisation joins the one longer organisation it ends (the Union, the Sheriff's Office)",
    "publishers_not_people": "an unknown name only ever subject of a publishing verb (reports X) is no person",
    "offices": "a name only inside a minister's or secretary's title (Secretary of State Ann Lee) is no entity",
    "storms": "a name after a storm word (Hurricane Ana, Cyclone Ana) is no entity",
    "credit_lines": "a name only ever on byline or credit lines (Reporting by Ann Lee) is no entity",
    "author_notes": "a name only on a closing note about the author (Ann Lee is a staff writer ...) is no entity",
    "titled_people": "a name after a person's title (President Lee), or opening with one (Mayor Ann Lee), is a person",
    "companies_not_people": "a name ending in a legal form as companies write it (Fjord Havn AS) is no person",
    "clubs_not_people": "a several-word name ending like a sports club's (Ayr United, Kestrel Rovers) is no person",
    "listed_companies": "a company of a stock index (Sysco), not one word that is a known name (Dana), is one",
    "surnames_of_people": "a one-word organisation that is people's family name is the one of them named first",
    "named_places": "a name ending in a kind of place (Kestrel Airport) is a location (a person after a given name)",
    "gazetteer_places": "a country or capital is a location",
    "surname_makes_person": "a full name also used by its surname alone is a person",
    # quotations and speakers (quotes.py)
    "naming_nouns": "a quote after a naming noun (the slogan) is a name, not speech",
    "noun_phrase_quotes": "a short quote inside a noun phrase (the diplomatic 'center of gravity') is a term",
    "title_case_quotes": "a quote in title case is a title, not speech",
    "governing_cues": 'the cue verb a quote hangs from (X said its offer was "fair" and urged ...) is its cue',
    "closing_cues": 'a cue whose subject follows the quote\'s closing comma ("...," the official said) is its cue',
    "inverted_speakers": 'a cue right after its quote with no subject takes its object ("...?" asked Ann Lee)',
    "named_speakers": "an unnamed speaker given a name (the man, identified only as Charlie) is that name",
    "sentence_before_speakers": "a quote left without a speaker takes the named subject of the sentence before it",
    "restated_speakers": "a passive cue in the next sentence names the speaker (This was stated by X)",
    "colon_speakers": "a quote opening the paragraph after one that ends 'a spokesman said:' has that cue",
    "names_after_quotes": "a cue after its quote with no parsed subject, or one in the quote, takes the name between",
    "same_line_speakers": "a cue's subject parsed on an earlier line (a joined caption) yields to a name on its line",
    "pronoun_speakers": "he/she (it/they) say: the latest person (organisation) before, subjects first",
    "pronoun_chains": "he/she says after sentences whose subject is the same pronoun: the name that chain starts from",
    "titled_speakers": "a role noun that speaks (the governor) is the person the article names with that role",
    "untagged_surname_speakers": "a speaker's surname the model did not tag names the entity that ends with it",
    "inherited_speakers": "an unattributed quote takes the speaker of the quote it continues or sits beside",
    "ranked_speakers": "each quote's speaker is the best of its candidates by the learned speaker ranking",
}

F = TypeVar("F", bound=Callable)
_off: set[str] = set()


def on(name: str) -> bool:
    """Whether rule `name` is applied."""
    assert name in RULES, name
    return name not in _off


def active(registry: Sequence[tuple[str, F]]) -> list[F]:
    """The functions of a `(name, function)` registry whose rules are on, in order."""
    return [function for name, function in registry if on(name)]


@contextmanager
def switched_off(*names: str) -> Iterator[None]:
    """Leave the named rules out inside the block (for the ablation benchmark)."""
    unknown = set(names) - RULES.keys()
    if unknown:
        raise KeyError(f"unknown rules: {', '.join(sorted(unknown))}")
    before = set(_off)
    _off.update(names)
    try:
        yield
    finally:
        _off.clear()
        _off.update(before)
