"""Country names, demonyms and codes (sanctions_check.names.countries)."""

from __future__ import annotations

import pytest

from sanctions_check.names.countries import country_code, country_name_codes, is_country_word


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Afghan", "AF"), ("af", "AF"), ("AFG", "AF"), ("Afghanistan", "AF"),
        ("Democratic People's Republic of Korea", "KP"), ("North Korean", "KP"), ("DPRK", "KP"),
        ("Russian Federation", "RU"), ("Türkiye", "TR"), ("Turkish", "TR"),
        ("United Kingdom of Great Britain and Northern Ireland", "GB"), ("British", "GB"),
        ("Democratic Republic of the Congo", "CD"), ("Congo", "CG"),
        ("Narnia", None), ("", None),
    ],
)
def test_country_code(text: str, code: str | None) -> None:
    assert country_code(text) == code


def test_country_words() -> None:
    assert is_country_word("dprk") and is_country_word("libya") and is_country_word("afghan")
    assert not is_country_word("bank")


def test_country_name_words_point_to_few_countries() -> None:
    # "korea" is in the names of both Koreas; "republic" is in too many names to tell anything
    assert country_name_codes("korea") == frozenset({"KP", "KR"})
    assert country_name_codes("republic") == frozenset()


def test_tables_taken_from_another_process_are_the_built_ones_and_checked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the index cache stores built_tables() and a loading process takes them (use_tables)
    # instead of building them: the same tables; tables of another shape are refused
    from sanctions_check.names import countries

    built = countries.built_tables()
    monkeypatch.setattr(countries, "_TABLES", {})
    assert countries.built_tables() == built  # built again from the data file: the same
    monkeypatch.setattr(countries, "_TABLES", {})
    countries.use_tables({"countries": dict(built["countries"]), "words": built["words"]})
    assert is_country_word("libya") and country_code("North Korean") == "KP"
    for bad in ({"countries": {"x": 1}, "words": frozenset()},
                {"countries": {}, "words": ["libya"]}, {"words": frozenset()}):
        with pytest.raises((ValueError, KeyError)):
            countries.use_tables(bad)
