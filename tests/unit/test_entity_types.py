"""The learned entity typing: the model's arithmetic on a hand-made model, and features of a text."""

import pytest

from service.pipeline.enrich.acronyms import expanded, initials, is_acronym
from service.pipeline.enrich.entities import candidates
from service.pipeline.enrich.entity_types import Typer, features, shape
from service.pipeline.enrich.nlp import lower_case_words, parse

TINY = Typer(
    classes=["location", "none", "organization", "person"],
    intercept=[0.0, 0.5, 0.0, 0.0],
    weights={"label=PERSON": [0.0, 0.0, 0.0, 2.0], "orgword": [0.0, 0.0, 2.0, 0.0]},
    none_bias=0.0,
)


def features_of(text: str):
    """Parse `text`; a function giving the typing features of one of its candidates, by name."""
    doc = parse(text)
    by_name = {c.name: c for c in candidates(doc)}
    words = lower_case_words(doc)
    return lambda name: features(doc, by_name[name], words)


def test_the_strongest_class_wins_and_none_means_no_entity():
    assert TINY.type_of({"label=PERSON": 1.0}) == "person"
    assert TINY.type_of({"orgword": 1.0, "unknown feature": 5.0}) == "organization"
    assert TINY.type_of({}) is None
    assert sum(TINY.probabilities({"label=PERSON": 1.0})) == pytest.approx(1.0)


def test_an_excluded_type_yields_to_the_next_best():
    assert TINY.type_of({"label=PERSON": 1.0}, excluded=("person",)) is None
    assert TINY.type_of({"label=PERSON": 1.0, "orgword": 0.6}, excluded=("person",)) == "organization"


def test_a_lower_none_bias_lets_a_weak_type_through():
    weak = {"label=PERSON": 0.2}
    assert TINY.type_of(weak) is None
    lenient = Typer(TINY.classes, TINY.intercept, TINY.weights, none_bias=-0.3)
    assert lenient.type_of(weak) == "person"


def test_features_describe_the_name_and_its_use():
    of = features_of("The mayor of Lakeside, Dana Whitfield, said the Harbour Authority would reopen the pier.")
    person = of("Dana Whitfield")
    assert person["personal_name"] == 1.0 and "label=PERSON" in person
    org = of("Harbour Authority")
    assert org["orgword"] == 1.0 and "personal_name" not in org


def test_shape():
    assert shape("McCain") == "XxXxx" and shape("U.S.") == "X.X." and shape("Wellington") == "Xxx"


def test_features_read_legal_forms_roles_and_descriptions():
    of = features_of(
        "Brightwater Ferries Ltd. cut two routes, and Kallor, a shipping firm, took them over, "
        "spokeswoman Imke Vaszary said."
    )
    assert of("Brightwater Ferries Ltd.")["legal_form"] == 1.0
    assert "appos=firm" in of("Kallor")
    assert of("Imke Vaszary")["titled"] == 1.0


def test_features_read_known_names_and_the_words_around():
    of = features_of("Shares of Vantrolux slid after the regulator fined it, analyst Maria Jensen wrote on Tuesday.")
    person = of("Maria Jensen")
    assert person["known_name"] == 1.0 and "no_known_name" not in person
    company = of("Vantrolux")
    assert company["no_known_name"] == 1.0 and "known_name" not in company
    assert company["near=share"] > 0 and company["near=slide"] > 0
    assert "near=write" not in company  # further than three words


def test_known_name_words_span_many_countries():
    from service.pipeline.text.person_names import known_name_words

    names = known_name_words()
    assert {"maria", "jensen", "giuseppe", "nowak", "dubois"} <= names
    assert "vantrolux" not in names and "the" not in names
    assert {"dvořák", "dvorak"} <= names  # also as English text writes it, unaccented
    from service.pipeline.text.person_names import given_names

    assert "veronica" in given_names() and "nowak" not in given_names() and given_names() < names


def test_the_subject_of_a_publishing_verb_is_a_source_not_an_actor():
    of = features_of("The ferry deal has collapsed, reports Marrowfield. Ana Vollmer denied it on Tuesday.")
    outlet = of("Marrowfield")
    assert outlet["publishes"] == 1.0 and "subject" not in outlet
    assert of("Ana Vollmer")["subject"] == 1.0


def test_who_something_is_said_to_is_marked():
    of = features_of(
        "Ana Vollmer told Marrowfield Radio the deal was dead. Speaking to GRENLOCH on Monday, Bo Ray agreed. "
        "In an interview with Tidewater Weekly, Ana Vollmer sent her thanks to Bo Ray."
    )
    assert of("Marrowfield Radio")["told"] == of("GRENLOCH")["told"] == of("Tidewater Weekly")["told"] == 1.0
    assert "told" not in of("Bo Ray")  # thanks sent to someone: nothing said to him


def test_a_name_that_only_publishes_is_never_typed_a_person():
    from service.pipeline.enrich.entities import extract_entities
    from service.pipeline.enrich.rules import switched_off

    doc = parse("The council has dropped the harbour plan, according to its leader, Ana Vollmer, reports Marrowfield.")
    people_first = Typer(
        TINY.classes, [0.0, 0.0, 0.5, 0.0], {"label=PERSON": [0.0, 0.0, 0.0, 2.0]}, none_bias=0.0
    )  # every PERSON label a person, else an organisation
    assert extract_entities(doc, people_first).names()["organization"] == ["Marrowfield"]
    with switched_off("publishers_not_people"):
        assert "Marrowfield" in extract_entities(doc, people_first).names()["person"]
    assert extract_entities(doc, people_first).names()["person"] == ["Ana Vollmer"]  # a known name


def test_acronyms_the_article_spells_out():
    doc = parse("The Bureau of Inland Shipping (BIS) met the Ports Union. The BIS and the PU disagreed.")
    assert initials("Bureau of Inland Shipping") == "BIS"
    assert expanded(doc) == {"BIS"}  # two capitals are too short to tell from chance
    assert is_acronym("B.I.S.") and not is_acronym("Bis") and not is_acronym("PU")


def test_features_read_the_kind_of_thing_a_name_is_said_to_be():
    of = features_of(
        "He praised the band Velvet Orchard on stage. Storms hit towns like Kallowby. "
        "Brennick Row, a village near the coast, flooded. Musk has a startup called Zintaro that builds robots."
    )
    assert of("Velvet Orchard")["described=org"] > 0
    assert of("Kallowby")["described=place"] > 0
    assert of("Brennick Row")["described=place"] > 0
    assert of("Zintaro")["described=org"] > 0


def test_a_name_ending_in_a_kind_of_place_says_so():
    of = features_of("Flights left from Marrowby International Airport on Friday.")
    assert of("Marrowby International Airport")["placeword"] == 1.0


def test_the_name_of_a_news_site_says_so():
    of = features_of("Slate and Al Jazeera both ran the interview, which Camille Salon gave in Boston on a wet Monday.")
    assert of("Slate")["news_site"] == 1.0 and of("Slate")["news_site_plain"] == 1.0
    outlet = of("Al Jazeera")
    assert outlet["news_site"] == 1.0 and "news_site_plain" not in outlet  # "Al" is a given name too
    person = of("Camille Salon")
    assert "news_site" not in person  # "camillesalon" is no site's name
    assert "news_site" not in of("Boston")  # boston.com names a city first: places are left out of the list


def test_news_sites_are_the_label_before_the_public_suffix():
    from benchmarks.news_sites import site_name

    assert site_name("www.harbourgazette.com") == "harbourgazette"
    assert site_name("harbourgazette.co.uk") == "harbourgazette"
    assert site_name("blogs.harbourgazette.com") is None  # a subdomain names a section, not the site


def test_what_wordnet_calls_a_name_is_a_feature():
    of = features_of("Agents of the FBI met Dana Reyes in Pittsburgh, where Zintaro Holdings keeps an office.")
    assert of("FBI")["wordnet=organization"] == 1.0
    assert of("Pittsburgh")["wordnet=location"] == 1.0
    assert not any(key.startswith("wordnet=") for key in of("Zintaro Holdings"))  # no name WordNet knows


def test_wordnet_names_list_a_name_once_for_each_kind():
    from service.pipeline.enrich.gazetteer import wordnet_kinds

    # the state and the city, the government, the president
    assert wordnet_kinds()["Washington"] == {"location", "organization", "person"}
    assert wordnet_kinds()["Congress"] == {"organization"}


def test_wordnet_names_are_typed_by_their_synsets(tmp_path):
    from benchmarks.wordnet_names import names, read_database, synsets

    lexnames = ("06\tnoun.artifact", "14\tnoun.group", "15\tnoun.location", "18\tnoun.person")
    (tmp_path / "lexnames").write_text("".join(f"{line}\t1\n" for line in lexnames))
    (tmp_path / "data.noun").write_text(
        "  1 licence lines start with spaces\n"
        "08008335 14 n 01 organization 0 000 | a group of people\n"
        "00000001 14 n 02 Kestrel_Agency 0 KA 0 001 @ 08008335 n 0000 | an agency\n"
        "00000002 15 n 01 Ayrby 0 000 | a town\n"
        "00000003 18 n 01 Dana_Reyes 0 000 | a person\n"
        "00000004 06 n 01 Zintaro 0 000 | a machine\n"
    )
    found = names(synsets(read_database(tmp_path)))
    assert found == {
        ("Kestrel Agency", "organization"),
        ("KA", "organization"),
        ("Ayrby", "location"),
        ("Dana Reyes", "person"),
    }  # "organization" is no name; "Zintaro", an artifact, is left out


# A hand-made model that types every candidate by its intercept alone.
def _always(kind: str) -> Typer:
    intercept = [2.0 if name == kind else 0.0 for name in TINY.classes]
    return Typer(TINY.classes, intercept, {}, none_bias=0.0)


def _all_names(doc, typer: Typer) -> list[str]:
    from service.pipeline.enrich.entities import extract_entities

    return [name for names in extract_entities(doc, typer).names().values() for name in names]


def test_a_storm_is_no_entity_whatever_the_model_says():
    from service.pipeline.enrich.rules import switched_off

    doc = parse("Tropical Cyclone Marla crossed the coast near Dunmore on Tuesday. Marla flattened the pier.")
    assert not [n for n in _all_names(doc, _always("person")) if "Marla" in n]
    with switched_off("storms"):
        assert [n for n in _all_names(doc, _always("person")) if "Marla" in n]


def test_names_only_on_a_credit_line_are_no_entities():
    from service.pipeline.enrich.entity_types import on_credit_lines
    from service.pipeline.enrich.rules import switched_off

    body = (
        "The harbour board approved the new ferry timetable on Monday after a long debate.\n"
        "(Reporting by Ana Vollmer and Piet Sandoval; editing by Kerry Lund)"
    )
    doc = parse(body)
    by_name = {c.name: c for c in candidates(doc)}
    assert on_credit_lines(doc, by_name["Piet Sandoval"].members)
    assert "Piet Sandoval" not in _all_names(doc, _always("person"))
    with switched_off("credit_lines"):
        assert "Piet Sandoval" in _all_names(doc, _always("person"))
    prose = parse("The timetable was drafted by Piet Sandoval, the board's planner, over the winter.")
    assert not on_credit_lines(prose, {c.name: c for c in candidates(prose)}["Piet Sandoval"].members)
    assert "Piet Sandoval" in _all_names(prose, _always("person"))


def test_a_name_after_a_persons_title_is_a_person():
    from service.pipeline.enrich.entities import extract_entities
    from service.pipeline.enrich.rules import switched_off

    doc = parse("President Garrow signed the harbour bill on Monday. Critics said Garrow had rushed it.")
    assert extract_entities(doc, _always("organization")).names()["person"] == ["Garrow"]  # "President" is no name
    with switched_off("titled_people"):
        assert "Garrow" in extract_entities(doc, _always("organization")).names()["organization"]
    untitled = parse("The harbour bill passed on Monday. Critics said Garrow had rushed it.")
    assert extract_entities(untitled, _always("organization")).names()["person"] == []


def test_a_name_ending_in_a_plural_noun_is_marked():
    of = features_of("The Rivervale Kestrels beat the visitors, and James Roberts scored twice.")
    assert of("Rivervale Kestrels")["plural_noun_last"] == 1.0
    assert "plural_noun_last" not in of("James Roberts")  # a family name, not a plural


def test_a_role_noun_before_a_name_describes_a_person_even_when_it_can_name_an_organisation():
    from service.pipeline.enrich.entity_types import _noun_kind

    of = features_of("Halvor center Tomas Brekke scored twice in the second half on Saturday.")
    assert of("Tomas Brekke")["described=person"] == 1.0 and "described=org" not in of("Tomas Brekke")
    assert _noun_kind("center") == "org" and _noun_kind("center", before=True) == "person"
