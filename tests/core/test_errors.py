"""InputError and Problems: every problem of a file, in file order, at most 50 and a stop line."""

from __future__ import annotations

import pytest

from uppfolj.core.errors import MAX_PROBLEMS, InputError, Problem, Problems


def test_input_error_of_one_problem_is_its_line() -> None:
    error = InputError("actuals.csv", 4, 'belopp "12x3" är inte ett tal')

    assert str(error) == 'actuals.csv:4: belopp "12x3" är inte ett tal'
    assert (error.file, error.line, error.message) == ("actuals.csv", 4, 'belopp "12x3" är inte ett tal')
    assert error.problems == [Problem("actuals.csv", 4, 'belopp "12x3" är inte ett tal')]


def test_input_error_of_several_problems_is_one_line_each() -> None:
    error = InputError.of([Problem("a.csv", 2, "konto saknas"), Problem("a.csv", None, "filen har fler")])

    assert str(error) == "a.csv:2: konto saknas\na.csv: filen har fler"
    assert error.lines == ["a.csv:2: konto saknas", "a.csv: filen har fler"]
    assert error.line == 2


def test_problems_are_raised_in_file_order() -> None:
    problems = Problems("org.csv")
    problems.add(5, "namn saknas")
    problems.add(3, 'överordnad "X" finns inte')
    problems.add(None, 'enheten "A" saknas i filen men har prognoser; den kan inte tas bort')
    problems.add(3, "kod saknas")

    with pytest.raises(InputError) as caught:
        problems.raise_if_any()

    assert caught.value.lines == [
        'org.csv: enheten "A" saknas i filen men har prognoser; den kan inte tas bort',
        'org.csv:3: överordnad "X" finns inte',
        "org.csv:3: kod saknas",
        "org.csv:5: namn saknas",
    ]


def test_no_problems_raise_nothing() -> None:
    Problems("a.csv").raise_if_any()


def test_exactly_the_limit_has_no_stop_line() -> None:
    problems = Problems("a.csv")
    for line in range(2, 2 + MAX_PROBLEMS):
        problems.add(line, "konto saknas")

    with pytest.raises(InputError) as caught:
        problems.raise_if_any()

    assert len(caught.value.problems) == MAX_PROBLEMS == 50
    assert caught.value.lines[-1] == "a.csv:51: konto saknas"


def test_one_past_the_limit_raises_at_once_with_a_stop_line() -> None:
    problems = Problems("a.csv")
    for line in range(2, 2 + MAX_PROBLEMS):
        problems.add(line, "konto saknas")

    with pytest.raises(InputError) as caught:
        problems.add(52, "konto saknas")

    assert len(caught.value.lines) == 51
    assert caught.value.lines[-2:] == ["a.csv:51: konto saknas", "a.csv: läsningen avbröts efter 50 fel; filen har fler"]


def test_stop_puts_the_problem_that_ends_reading_last() -> None:
    problems = Problems("bokf.se")
    problems.add(8, 'belopp "12x3" är inte ett tal')

    error = problems.stop(7, "{ för #VER A 1 avslutas aldrig med }")

    assert error.lines == ['bokf.se:8: belopp "12x3" är inte ett tal', "bokf.se:7: { för #VER A 1 avslutas aldrig med }"]


def number(text: str, *, line: int) -> int:
    if not text.isdigit():
        raise InputError("a.csv", line, f'belopp "{text}" är inte ett tal')
    return int(text)


def test_attempt_returns_the_value_or_notes_the_problem() -> None:
    problems = Problems("a.csv")

    assert problems.attempt(number, "12", line=2) == 12
    assert problems.attempt(number, "12x3", line=3) is None
    assert [str(p) for p in problems.found] == ['a.csv:3: belopp "12x3" är inte ett tal']
