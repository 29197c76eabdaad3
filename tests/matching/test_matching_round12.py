"""Matching round 12 (issue 18, algorithm 1.20): names in Hangul and Japanese names in Cyrillic
letters read as the list and the English-language press write them (rows of the tuning half of
``benchmarks/data/round10_pairs.csv``; :mod:`sanctions_check.names.hangul`,
:mod:`sanctions_check.names.polivanov`)."""

from __future__ import annotations

import pytest

from sanctions_check.matching.compare import compare_names
from sanctions_check.matching.matcher import Matcher


@pytest.mark.parametrize(
    ("left", "right", "kind"),
    [
        # Hangul read as McCune-Reischauer, not Revised Romanization (scores on 1.19)
        ("김여정", "Kim Yo Jong", "person"),  # yeo / yo (49.5)
        ("장성택", "Jang Song Thaek", "person"),  # taeg / thaek (48.1)
        ("백세봉", "PAEK SE BONG", "person"),  # baeg / paek, KPi.048 (67.8)
        ("백마", "PAEK MA", "org"),  # a DPRK tanker (29.2)
        ("금운산 3", "KUM UN SAN 3", "org"),  # geum / kum (51.4)
        # Japanese names in Polivanov's Cyrillic read in Hepburn (scores on 1.19)
        ("Синдзо Абэ", "Shinzo Abe", "person"),  # sindzo (56.5)
        ("Ёсихидэ Суга", "Yoshihide Suga", "person"),  # esikhide (39.9)
        ("Дзюнъитиро Коидзуми", "Junichiro Koizumi", "person"),  # dzyunitiro koidzumi (35.9)
        ("Ёсимаса Хаяси", "Yoshimasa Hayashi", "person"),  # esimasa khayasi (22.7)
    ],
)
def test_names_in_hangul_and_polivanov_match_their_romanisation(
    left: str, right: str, kind: str
) -> None:
    assert compare_names(left, right, kind).match


@pytest.mark.parametrize(
    ("left", "right", "kind"),
    [
        # relatives and colleagues stay apart: another given name
        ("김정일", "Kim Jong Un", "person"),
        ("김석철", "KIM SONG CHOL", "person"),  # 석 / 성: one syllable differs
        ("Ёсихидэ Суга", "Yoshihiko Noda", "person"),
        ("Таро Асо", "Taro Kono", "person"),
    ],
)
def test_other_names_stay_apart(left: str, right: str, kind: str) -> None:
    assert not compare_names(left, right, kind).match


@pytest.mark.parametrize(
    ("query", "ref", "other"),
    [
        # listed KPi names in Hangul: PAEK SE BONG (64.0 on 1.19), KIM SOK CHOL (49.7 on 1.19,
        # below KIM YONG CHOL KPi.024 and KIM SONG CHOL KPi.030)
        ("백세봉", "KPi.048", None),
        ("김석철", "KPi.036", "KPi.030"),
    ],
)
def test_listed_names_in_hangul_are_strong(
    matcher2024: Matcher, query: str, ref: str, other: str | None
) -> None:
    hits = matcher2024.match(query, kind="person")
    assert hits and hits[0].reference_number == ref and hits[0].score >= 90
    assert other not in {h.reference_number for h in hits}


def test_the_delegation_sample_in_hangul_gives_its_three_members(matcher2024: Matcher) -> None:
    # samples/delegation.csv's DPRK delegates in Hangul: the three listed ones (Ri Pyong Chol
    # KPi.076, Jo Chun Ryong KPi.038, Kim Jong Sik KPi.066) strong, nobody else (on 1.19,
    # read as Revised Romanization, JO CHUN RYONG was only possible, 83.8)
    delegates = ["김정은", "최선희", "박정천", "리병철", "조춘룡", "김정식", "박태성", "김성남",
                 "현송월", "김명식"]
    hits = {(h.reference_number, str(h.band)) for name in delegates
            for h in matcher2024.match(name)}
    assert hits == {("KPi.076", "strong"), ("KPi.038", "strong"), ("KPi.066", "strong")}
