"""Code patterns: codes, integer and text ranges, prefixes, prefix ranges; overlaps; matching."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from uppfolj.core.patterns import Matcher, Pattern, PatternError, overlap, parse_patterns


def matches(text: str, code: str) -> bool:
    return any(p.matches(code) for p in parse_patterns(text))


@pytest.mark.parametrize(
    ("patterns", "code", "expected"),
    [
        ("5120", "5120", True),
        ("5120", "05120", False),
        ("0512", "0512", True),
        ("0512", "512", False),
        ("5100-5199", "5100", True),
        ("5100-5199", "5199", True),
        ("5100-5199", "5150", True),
        ("5100-5199", "51000", False),
        ("5100-5199", "5200", False),
        ("5100-5199", "05150", True),  # digit ranges compare as integers
        ("5100-5199", "51A0", False),
        ("A10-A20", "A15", True),
        ("A10-A20", "A2", True),  # text range: compared as text
        ("A10-A20", "A3", False),
        ("51*", "51", True),
        ("51*", "5199999", True),
        ("51*", "5", False),
        ("51*", "4510", False),
        ("37*-39*", "3700", True),
        ("37*-39*", "3899", True),
        ("37*-39*", "39", True),
        ("37*-39*", "3999999", True),
        ("37*-39*", "3699", False),
        ("37*-39*", "4000", False),
        ("37*-39*", "3", False),
        ("30*, 36*,5011", "3610", True),
        ("30*, 36*,5011", "5011", True),
        ("30*, 36*,5011", "3100", False),
    ],
)
def test_pattern_matches_codes_by_the_contract(patterns: str, code: str, expected: bool) -> None:
    assert matches(patterns, code) == expected


def test_parse_patterns_reads_each_kind() -> None:
    assert parse_patterns("5120, 5100-5199,51*,37*-39*") == (
        Pattern("code", "5120"),
        Pattern("range", "5100", "5199"),
        Pattern("prefix", "51"),
        Pattern("prefixrange", "37", "39"),
    )


def test_parse_patterns_empty_text_is_no_patterns() -> None:
    assert parse_patterns(" , ") == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("5199-5100", 'intervallet "5199-5100" är baklänges'),
        ("5100-", 'intervallet "5100-" går inte att läsa'),
        ("37*-3*", 'intervallet "37*-3*" går inte att läsa'),
        ("39*-37*", 'intervallet "39*-37*" går inte att läsa'),
        ("5*1", 'mönstret "5*1" går inte att läsa'),
        ("**", 'mönstret "**" går inte att läsa'),
        ("5120,*", "* kan bara stå ensamt"),
    ],
)
def test_parse_patterns_refuses_unreadable_patterns(text: str, message: str) -> None:
    with pytest.raises(PatternError) as info:
        parse_patterns(text)
    assert str(info.value) == message


def test_pattern_str_round_trips() -> None:
    text = "5120,5100-5199,51*,37*-39*"
    assert ",".join(str(p) for p in parse_patterns(text)) == text


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("5100-5199", "5150", True),
        ("5100-5199", "51000", False),
        ("5100-5199", "51*", True),
        ("5100-5199", "52*", False),
        ("51*", "5*", True),
        ("37*-39*", "38*", True),
        ("37*-39*", "40*", False),
        ("5120", "5120", True),
        ("5120", "5121", False),
        ("A1", "A*", True),
        ("A*", "AB*", True),
        ("A*", "B*", False),
    ],
)
def test_overlap_finds_codes_matched_twice(a: str, b: str, expected: bool) -> None:
    (pa,), (pb,) = parse_patterns(a), parse_patterns(b)
    assert (overlap(pa, pb), overlap(pb, pa)) == (expected, expected)


def test_matcher_takes_the_first_owner_and_falls_back_to_the_catch_all() -> None:
    matcher = Matcher(
        [("A", parse_patterns("51*")), ("B", parse_patterns("5200-5299"))], catch_all="REST"
    )
    assert [matcher.owner(c) for c in ("5150", "5250", "9999", "")] == ["A", "B", "REST", "REST"]


def test_matcher_without_catch_all_returns_none() -> None:
    matcher = Matcher([("A", parse_patterns("51*"))])
    assert (matcher.owner("6000"), matcher.owner("")) == (None, None)


_PATTERN_TEXTS = st.sampled_from(["5120", "5121", "51*", "5100-5199", "37*-39*", "4*", "5120,6010", "60*", "6010",
                                  "6000-6099", "512*", "9"])


@given(st.lists(_PATTERN_TEXTS, min_size=1, max_size=8),
       st.lists(st.sampled_from(["5120", "5121", "5199", "3800", "6010", "6011", "9", "4410", "", "512"]),
                max_size=10))
def test_matcher_index_finds_the_first_owner_as_a_scan_does(texts: list[str], codes: list[str]) -> None:
    owners = [(f"U{i}", parse_patterns(text)) for i, text in enumerate(texts)]
    matcher = Matcher(owners, catch_all="REST")

    for code in codes:
        scan = next((key for key, patterns in owners if code and any(p.matches(code) for p in patterns)), "REST")
        assert matcher.owner(code) == scan
