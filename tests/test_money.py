"""Money amounts: forms, multipliers, currencies, conversions, and numbers that are not money."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aigak.extract.money import find_amounts

EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"


@pytest.mark.parametrize(
    ("text", "quote", "value", "currency"),
    [
        ("The fine was 300,000 Yuan in all.", "300,000 Yuan", 300_000, "CNY"),
        ("They paid 16.8m Tenge.", "16.8m Tenge", 16_800_000, "KZT"),
        ("He was fined $700, for nothing.", "$700", 700, "USD"),
        ("A loan of US$ 1,200 was repaid.", "US$ 1,200", 1_200, "USD"),
        ("A bribe of 1.2 million tenge.", "1.2 million tenge", 1_200_000, "KZT"),
        ("Damages of 2 billion roubles.", "2 billion roubles", 2_000_000_000, "RUB"),
        ("Bail was set at 5 thousand som.", "5 thousand som", 5_000, "KGS"),
        ("The deal was worth $1.5bn.", "$1.5bn", 1_500_000_000, "USD"),
        ("The fine was 1 500 000 tenge.", "1 500 000 tenge", 1_500_000, "KZT"),
        ("The fine was 300 000 ₸.", "300 000 ₸", 300_000, "KZT"),
        ("He sent ¥300,000 home.", "¥300,000", 300_000, "CNY"),
        ("He sent RMB 20,000 home.", "RMB 20,000", 20_000, "CNY"),
        ("He sent 20,000 renminbi home.", "20,000 renminbi", 20_000, "CNY"),
        ("It cost 400 rubles.", "400 rubles", 400, "RUB"),
        ("It cost 400 ₽.", "400 ₽", 400, "RUB"),
        ("It cost €50.", "€50", 50, "EUR"),
        ("It cost 50 euros.", "50 euros", 50, "EUR"),
        ("It cost £20.", "£20", 20, "GBP"),
        ("It cost 900 lira.", "900 lira", 900, "TRY"),
        ("It cost 90,000 so'm.", "90,000 so'm", 90_000, "UZS"),
        ("It cost 90,000 sum.", "90,000 sum", 90_000, "UZS"),
        ("It cost 1.2 million US dollars.", "1.2 million US dollars", 1_200_000, "USD"),
        ("It cost KZT 5,000.", "KZT 5,000", 5_000, "KZT"),
        ("It cost 5,000 KZT.", "5,000 KZT", 5_000, "KZT"),
        ("He paid two million tenge.", "two million tenge", 2_000_000, "KZT"),
        ("He paid a million dollars.", "a million dollars", 1_000_000, "USD"),
        ("It cost 7,5 млн тенге.", "7,5 млн тенге", 7_500_000, "KZT"),
        ("Wages of $3k a month.", "$3k", 3_000, "USD"),
        ("It cost 12.50 dollars.", "12.50 dollars", 12.5, "USD"),
    ],
    ids=lambda v: v if isinstance(v, str) and len(v) < 30 else None,
)
def test_amount_form_gives_value_in_units_and_iso_currency(
        text: str, quote: str, value: float, currency: str) -> None:
    [amount] = find_amounts(text)
    assert (amount.text, amount.value, amount.currency) == (quote, value, currency)
    assert text[amount.start:amount.end] == amount.text
    assert type(amount.value) is type(value)


@pytest.mark.parametrize(
    "text",
    [
        "Around 1.5 million ethnic Kazakhs live there.",
        "The charge carries up to seven years in prison.",
        "They placed 10 to 15 women in each cell.",
        "In 2019 he was 30 years old; on 6 October he crossed.",
        "AI-Index: EUR 57/0894/2019",
        "The sum was large, and some people paid.",
        "He spent 5 months in a camp and 40 days in detention.",
    ],
    ids=["people", "years", "range-of-people", "dates-and-ages", "document-index", "words", "durations"],
)
def test_numbers_without_a_currency_are_not_money(text: str) -> None:
    assert find_amounts(text) == []


@pytest.mark.parametrize(
    ("text", "groups"),
    [
        ("They made us pay a 300,000 Yuan fine, which is 16.8m Tenge ($44,200).", [0, 0, 0]),
        ("A fine of 2 million tenge (about $4,600) was imposed.", [0, 0]),
        ("He paid 500 euros, equivalent to 250,000 tenge.", [0, 0]),
        ("He paid 500 euros. Later he paid 250,000 tenge.", [0, 1]),
        ("He paid 500 euros and 250,000 tenge.", [0, 1]),
        ("Fines of 10,000 tenge and 20,000 tenge.", [0, 1]),
    ],
    ids=["which-is-and-parenthesis", "about", "equivalent", "two-sentences", "and", "same-currency"],
)
def test_conversions_of_one_payment_share_a_group(text: str, groups: list[int]) -> None:
    assert [a.group for a in find_amounts(text)] == groups


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("Fines of 50,000 to 100,000 tenge.", [50_000, 100_000]),
        ("A fine of between 1 and 2 million tenge.", [1_000_000, 2_000_000]),
        ("A fine of 5-10 million tenge.", [5_000_000, 10_000_000]),
        ("Bribes of $5-10 million.", [5_000_000, 10_000_000]),
        ("He paid $700 - 15 years ago.", [700]),
    ],
    ids=["to", "between", "dash-shared-multiplier", "prefix-currency", "not-a-range"],
)
def test_ranges_give_both_bounds_in_the_currency(text: str, values: list[int]) -> None:
    amounts = find_amounts(text)
    assert [a.value for a in amounts] == values
    assert len({a.currency for a in amounts}) == 1


def test_recall_on_the_evaluation_articles() -> None:
    if not (EVAL / "gold").is_dir():
        pytest.skip("shared/eval is not beside the repository")
    found = total = 0
    for gold_file in sorted((EVAL / "gold").glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        text = (EVAL / "docs" / f"{gold_file.stem}.txt").read_text(encoding="utf-8")
        ours = [(a.value, a.currency) for a in find_amounts(text)]
        for item in gold.get("amounts", []):
            total += 1
            found += any(c == item["currency"] and abs(v - item["value"]) <= 0.005 * item["value"]
                         for v, c in ours)
    assert total and found == total, f"{found}/{total}"
