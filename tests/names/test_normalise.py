"""The one normaliser for list names and queries (sanctions_check.names.normalise)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sanctions_check.names.normalise import (
    normalise_name,
    split_brackets,
    tokens,
    unusable_reason,
)


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        # the list's own alias of KPi.066: curly apostrophe inside the word dropped, hyphen splits
        ("Kim Cho’ng-sik", None, ("kim", "chong", "sik")),
        # every apostrophe variant behaves the same
        ("Kim Cho'ng-sik", None, ("kim", "chong", "sik")),
        ("Kim Choʼng`sik", None, ("kim", "chongsik")),
        # McCune-Reischauer breves and Arabic-style macrons are diacritics
        ("Kim Sŏng Chŏl", None, ("kim", "song", "chol")),
        ("Mūhāmmad Taher Anwari", None, ("muhammad", "taher", "anwari")),
        # case folding and punctuation: surname-first with a comma keeps both parts
        ("QADHAFI, Muammar", None, ("qadhafi", "muammar")),
        # titles at the start of the name are removed ...
        ("Mullah Mohammad Omar", "person", ("mohammad", "omar")),
        ("Sheikh Hassan Dahir Aweys", "person", ("hassan", "dahir", "aweys")),
        # ... and at the start of a comma part (the list's alias of CDi.008)
        ("MAKENGA, Colonel SULTANI", "person", ("makenga", "sultani")),
        # ... but never from inside a name: "Hassan Sheikh Mohamud" is a different person
        ("Hassan Sheikh Mohamud", "person", ("hassan", "sheikh", "mohamud")),
        # ... and never from organisation names ("General" is part of the name)
        ("General Bureau of Atomic Energy", "org", ("general", "bureau", "of", "atomic", "energy")),
        # a title alone stays (it is then reported as unusable, not silently emptied)
        ("Mullah", "person", ("mullah",)),
        # & is "and"; possessive apostrophe dropped
        ("Lord's Resistance Army & Co.", "org", ("lords", "resistance", "army", "and", "co")),
        # bracketed parts are set aside (indexed separately by the matcher); the legal form
        # is read as its generic form (data/legal_form_groups.csv)
        ("KOREA MINING DEVELOPMENT TRADING CORPORATION (KOMID)", "org",
         ("korea", "mining", "development", "trading", "corp")),
        # a name that is only a bracketed part keeps it
        ("(KOMID)", "org", ("komid",)),
        # Cyrillic is transliterated
        ("Сергей Шойгу", None, ("sergey", "shoygu")),
        # Hangul: one syllable per token (Korean names are syllable based)
        ("김정식", None, ("kim", "jong", "sik")),
        # control characters and emoji are separators, not letters
        ("Ali\x00Hassan\u200b 😀", None, ("ali", "hassan")),
    ],
)
def test_normalise_tokens(text: str, kind: str | None, expected: tuple[str, ...]) -> None:
    assert normalise_name(text, kind).tokens == expected


def test_normalised_name_fields() -> None:
    norm = normalise_name("KOREA MINING DEVELOPMENT CORPORATION (KOMID) Co., Ltd.", "org")
    assert norm.bracketed == (("komid",),)
    # legal forms, read as their generic forms: weak for organisations
    assert set(norm.weak) == {"corp", "co", "llc"}
    assert norm.script == "latin"
    titled = normalise_name("Maulavi Abdul Kabir", "person")
    assert titled.titles == ("maulavi",)
    assert titled.text == "abdulkabir"  # the title removed, the compound one word


def test_nested_brackets_keep_top_level_parts() -> None:
    # QDi.299's original-script name carries Latin names in brackets, separated by ";"
    norm = normalise_name(
        "أبو بكر البغدادي (Abu Bakr al-Baghdadi al-Husayni (birth); Abu Bakr al-Baghdadi)",
        "person",
    )
    assert norm.script == "arabic"
    assert ("abu", "bakr", "al", "baghdadi") in norm.bracketed
    assert ("abu", "bakr", "al", "baghdadi", "al", "husayni") in norm.bracketed
    main, parts = split_brackets("A (B (C)) D")
    assert main.split() == ["A", ",", "D"] and parts == ["B "]


def test_same_script_arabic_gives_same_tokens() -> None:
    # a query in Arabic script matches the list's Arabic original token for token
    original = "محمد طاهر أنوري"  # TAi.005
    assert normalise_name(original).tokens == normalise_name(f" {original} ").tokens
    assert normalise_name(original).script == "arabic"


def test_mixed_script_is_reported() -> None:
    assert normalise_name("Ali محمد").script == "mixed"


@pytest.mark.parametrize(
    ("text", "reason_part"),
    [
        ("", "empty"),
        ("   \t", "empty"),
        ("!!! ... ---", "no letters"),
        ("😀😀😀", "no letters"),
        ("\x00\x01\x02", "no letters"),
        ("Mullah", "titles"),
        ("Mr. Dr.", "titles"),
        ("al bin", "particles"),
        ("x", "single letter"),
        ("A" * 10_000, "too long"),
    ],
)
def test_unusable_reason(text: str, reason_part: str) -> None:
    reason = unusable_reason(text)
    assert reason is not None and reason_part in reason


@pytest.mark.parametrize("text", ["Ali", "KOMID", "Room 39", "Ri", "محمد", "M23"])
def test_usable_names(text: str) -> None:
    assert unusable_reason(text) is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_normalise_never_fails_and_is_idempotent(text: str) -> None:
    norm = normalise_name(text)
    for tok in norm.tokens:
        # ASCII words; a Han / kana token is its reading followed by the character
        ascii_part = tok.rstrip("".join(c for c in tok if not c.isascii()))
        assert ascii_part and ascii_part.isascii() and ascii_part.isalnum()
        assert ascii_part == ascii_part.lower() and len(tok) - len(ascii_part) <= 1
    again = normalise_name(" ".join(norm.tokens))
    assert again.tokens == norm.tokens
    assert tokens(text) == norm.tokens
    unusable_reason(text)  # never raises


_ASCII = st.text(alphabet=st.characters(max_codepoint=127), max_size=40)


@settings(max_examples=400, deadline=None)
@given(_ASCII)
def test_split_brackets_without_brackets_keeps_the_text(text: str) -> None:
    from sanctions_check.names.normalise import split_brackets

    main, parts = split_brackets(text)
    if not set(text) & set("()[]{}"):
        assert (main, parts) == (text, [])
    assert not set(main) & set("()[]{}")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # YEi.004 and press spellings of it: the theophoric compound is one word, its second
        # part keeps its own spelling (compared as a word: malek ~ malik)
        ("ABDULMALIK AL-HOUTHI", ("abdulmalik", "al", "houthi")),
        ("Abdel-Malek al-Houthi", ("abdulmalek", "al", "houthi")),
        ("Abdul Malik al-Houthi", ("abdulmalik", "al", "houthi")),
        # YEi.001: Abd-al-X, Abd al-X, Abdulx all one word
        ("Abd-al-Khaliq al-Huthi", ("abdulkhaliq", "al", "huthi")),
        ("ABD AL-KHALIQ AL-HOUTHI", ("abdulkhaliq", "al", "houthi")),
        ("Abdulkhaleq al-Huthi", ("abdulkhaleq", "al", "huthi")),
        # IQi.015: an "l" that starts the second part is kept
        ("RAFI ABD-AL-LATIF TILFAH AL-TIKRITI", ("rafi", "abdullatif", "tilfah", "al", "tikriti")),
        # sun letters: Abdur Rahman, Abderrahmane, Abdurahman
        ("Abdur Rahman", ("abdulrahman",)),
        ("Abdurahman", ("abdulrahman",)),
        ("Abd Allah Azzam", ("abdullah", "azzam")),
        ("Abdalla", ("abdullah",)),
        # ud-Din / eddine / -uddin, Allah / -ollah
        ("Nasir ud-Din", ("nasiruddin",)),
        ("Badr al-Din", ("badruddin",)),
        ("Nasreddine", ("nasruddin",)),
        ("Ezzatollah", ("ezzatullah",)),
        ("Nur Allah", ("nurullah",)),
        # Somali "Abdi" on its own is a name, not a bound form; "Abu" is a word of its own
        ("Abdi Godane", ("abdi", "godane")),
        ("Abu Mohammed", ("abu", "mohammed")),
    ],
)
def test_bound_forms(text: str, expected: tuple[str, ...]) -> None:
    assert normalise_name(text, "person").tokens == expected


def test_bound_forms_are_for_persons_only() -> None:
    # an organisation's words are not joined ("Abdul Rahman Trust" stays three words)
    assert normalise_name("Abdul Rahman Trust", "org").tokens == ("abdul", "rahman", "trust")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # one legal form written differently is one token (the family's generic form)
        ("Tactical Missiles Corporation JSC", ("tactical", "missiles", "corp", "jsc")),
        ("Tactical Missiles Corporation Joint Stock Company", ("tactical", "missiles", "corp", "jsc")),
        ("Gazprom PAO", ("gazprom", "jsc")),
        ("Siemens Aktiengesellschaft", ("siemens", "jsc")),
        ("OOO Romashka", ("llc", "romashka")),
        ("Romashka Limited Liability Company", ("romashka", "llc")),
        # a form of French (and other countries') law is its own generic form, of family llc
        ("Total S.A.R.L.", ("total", "sarl")),
        # KPe.020: "Company, Limited" across a comma
        ("OCEAN MARITIME MANAGEMENT COMPANY, LIMITED", ("ocean", "maritime", "management", "co", "llc")),
        # short forms only at the edges: "Sa" inside a name is a word
        ("Korea Sa Company", ("korea", "sa", "co")),
        # a name that is only a legal form stays as written
        ("Limited", ("limited",)),
        # a form's letters written apart (since 1.11): IQe.204's alias "AL-BASHAAIR TRADING
        # COMPANY, L TD" (read "l" "td" before, the "l" an initial of "llc")
        ("AL-BASHAAIR TRADING COMPANY, L TD", ("al", "bashaair", "trading", "co", "llc")),
        ("Rahat L.T.D.", ("rahat", "llc")),
        ("Gazprom J.S.C.", ("gazprom", "jsc")),
        # "export and import" is the generic word "trading" (KPe.006: KOREA HYOKSIN EXPORT AND
        # IMPORT CORPORATION / KOREA HYOKSIN TRADING CORPORATION); "export" alone is a word
        ("Korea Hyoksin Export and Import Corporation", ("korea", "hyoksin", "trading", "corp")),
        ("Logistics Export", ("logistics", "export")),
        # a vessel's type prefix at a name's edge is the generic word "mv" (pairs.csv's vessel
        # "M/V Jie Shun" / JIE SHUN, 76.9 in compare before: "m" and "v" were initials)
        ("M/V Jie Shun", ("mv", "jie", "shun")),
        ("MT Jie Shun", ("mv", "jie", "shun")),
    ],
)
def test_legal_forms_read_as_generic_forms(text: str, expected: tuple[str, ...]) -> None:
    assert normalise_name(text, "org").tokens == expected


def test_bracketed_country_stays_in_an_organisation_name() -> None:
    # "(Hong Kong)" tells the entity apart; "(KOMID)" is an acronym, set aside
    norm = normalise_name("Bank of China (Hong Kong) Limited", "org")
    assert norm.tokens == ("bank", "of", "china", "llc", "hong", "kong")
    assert normalise_name("Korea Mining (KOMID)", "org").bracketed == (("komid",),)
