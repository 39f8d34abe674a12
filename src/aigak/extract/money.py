"""Sums of money in running text: "300,000 Yuan", "16.8m Tenge", "$44,200", "two million tenge".

An amount is a number written next to a currency: a symbol or ISO code before or after it ("$700",
"300 000 ₸", "RMB 300,000") or a currency word after it ("500 roubles", "1.2 million US dollars").
A number without a currency is never money ("1.5 million ethnic Kazakhs", "10 to 15 women").
Reports print one payment in several currencies ("300,000 Yuan, which is 16.8m Tenge ($44,200)");
amounts joined by such a conversion ("which is", "about", "equivalent to", a parenthesis) share a
`group` number, so the caller can count the payment once. The currency table is
`data/currencies.tsv`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from text_to_num import text2num

from aigak.extract.places import read_table

__all__ = ["MoneyAmount", "find_amounts"]


@dataclass(frozen=True, slots=True)
class MoneyAmount:
    """One sum of money named in a text.

    Attributes:
        start, end: character offsets (end exclusive) of the number with its currency.
        text: `text[start:end]`, e.g. "16.8m Tenge".
        value: the sum in units of the currency (16.8m is 16800000); an int when whole.
        currency: ISO 4217 code ("CNY", "KZT", "USD").
        group: amounts printed as conversions of one payment share this number; groups are
            numbered from 0 in text order.
    """

    start: int
    end: int
    text: str
    value: float | int
    currency: str
    group: int


_SPACE = r"[ \u00a0\u202f]"
# Digits: "300,000" / "1,234.5", "1 500 000", "16.8", "1,5" (decimal comma).
_NUMBER = (
    r"(?<![\w.,])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:" + _SPACE + r"\d{3})+(?:[.,]\d+)?"
    r"|\d+(?:[.,]\d+)?)(?!\d|[.,]\d|/\d)"
)
_MULTIPLIERS: dict[str, int] = {
    "k": 10**3, "thousand": 10**3, "thousands": 10**3, "тыс": 10**3, "тыс.": 10**3,
    "m": 10**6, "mn": 10**6, "mln": 10**6, "million": 10**6, "millions": 10**6, "млн": 10**6,
    "b": 10**9, "bn": 10**9, "billion": 10**9, "billions": 10**9, "млрд": 10**9,
    "trillion": 10**12, "tn": 10**12,
}
# "16.8m" and "$5k" are written attached; the words take a space ("1.2 million").
_MULTIPLIER = (
    r"(?:(?:m|mn|mln|bn|b|k|K)(?![A-Za-z])|" + _SPACE
    + r"?(?:million|millions|billion|billions|thousand|thousands|trillion|mln|bn|mn|млн|млрд|тыс\.?)(?!\w))"
)
_NUMBER_WORD = (
    r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
    r"|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
    r"|hundred|thousand|million|billion|half)"
)
_WORDS_NUMBER = (
    r"(?<![\w-])(?i:" + _NUMBER_WORD + r"(?:(?:" + _SPACE + r"|-|" + _SPACE + r"and" + _SPACE + r")"
    + _NUMBER_WORD + r")*)"
)
# A conversion between two amounts of one payment: the gap between them contains one of these.
_CONVERSION = re.compile(
    r"\(|\bwhich is\b|\bthat is\b|\bi\.e\.|\bequal|\bequivalent|\babout\b|\bapproximately\b|\bapprox\."
    r"|\baround\b|\broughly\b|\bsome\b|\bnearly\b|\balmost\b|\bor\b|=|~|≈|\bworth\b|\bconverted\b"
    r"|\bamounting to\b",
    re.IGNORECASE,
)
_MAX_CONVERSION_GAP = 40
_SENTENCE_END = re.compile(r"[.!?]\s+[A-Z]|\n")
_RANGE_BEFORE = re.compile(
    r"(?:(?<=\bbetween )(?P<between>" + _NUMBER + r")(?P<bmult>" + _MULTIPLIER + r")?" + _SPACE + r"and"
    + r"|(?P<low>" + _NUMBER + r")(?P<lmult>" + _MULTIPLIER + r")?" + _SPACE + r"?(?:-|–|—|" + _SPACE
    + r"to))" + _SPACE + r"?$"
)

_RANGE_AFTER = re.compile(
    _SPACE + r"?(?:-|–|—|" + _SPACE + r"to" + _SPACE + r")" + _SPACE + r"?(?P<high>" + _NUMBER + r")(?P<hmult>"
    + _MULTIPLIER + r")?(?!\w)"
)


@dataclass(frozen=True, slots=True)
class _Currencies:
    pattern: re.Pattern[str]
    forms: dict[str, str]  # form as written (lower-cased for words) → ISO code
    word_forms: frozenset[str]


def _alternation(forms: list[str]) -> str:
    ordered = sorted(forms, key=len, reverse=True)
    return "|".join(re.escape(f).replace(r"\ ", _SPACE) for f in ordered)


@functools.cache
def _currencies() -> _Currencies:
    forms: dict[str, str] = {}
    symbols: list[str] = []
    codes: list[str] = []
    words: list[str] = []
    for code, form, where in read_table("currencies.tsv"):
        {"symbol": symbols, "code": codes, "word": words}[where].append(form)
        forms[form.lower() if where == "word" else form] = code
    symbol, iso, word = _alternation(symbols), _alternation(codes), _alternation(words)
    before = r"(?P<pre>(?<![A-Za-z])(?:" + symbol + r")|\b(?:" + iso + r")" + _SPACE + r"?)"
    after = r"(?P<post>" + _SPACE + r"?(?:" + symbol + r")|" + _SPACE + r"(?:" + iso + r"|(?i:" + word + r"))(?!\w))"
    pattern = (
        before + _SPACE + r"?(?P<num>" + _NUMBER + r")(?P<mult>" + _MULTIPLIER + r")?"
        + r"(?:" + _SPACE + r"(?:" + iso + r")(?!\w))?"
        + r"|(?P<num2>" + _NUMBER + r")(?P<mult2>" + _MULTIPLIER + r")?" + after
        + r"|(?P<words>" + _WORDS_NUMBER + r")" + _SPACE + r"(?P<wcur>(?i:" + word + r"))(?!\w)"
    )
    return _Currencies(re.compile(pattern), forms, frozenset(w.lower() for w in words))


def _currency_code(form: str) -> str:
    forms = _currencies().forms
    form = re.sub(_SPACE, " ", form.strip())
    return forms.get(form) or forms[form.lower()]


def _number_value(digits: str, multiplier: str | None) -> Decimal:
    digits = re.sub(_SPACE, "", digits)
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", digits):
        digits = digits.replace(",", "")
    else:
        digits = digits.replace(",", ".")
    value = Decimal(digits)
    if multiplier:
        value *= _MULTIPLIERS[multiplier.strip().lower()]
    return value


def _words_value(words: str) -> Decimal | None:
    words = re.sub(r"[\s-]+", " ", words.lower()).strip()
    if words.startswith("half a "):
        inner = _words_value("one " + words.removeprefix("half a "))
        return inner / 2 if inner is not None else None
    words = re.sub(r"^an? ", "one ", words)
    if words in {"a", "an", "half"}:
        return None
    try:
        return Decimal(text2num(words, "en"))
    except (ValueError, InvalidOperation):
        return None


def _as_number(value: Decimal) -> float | int:
    return int(value) if value == value.to_integral_value() else float(value)


def _is_conversion(text: str, left: MoneyAmount, right: MoneyAmount) -> bool:
    gap = text[left.end:right.start]
    return (
        left.currency != right.currency
        and len(gap) <= _MAX_CONVERSION_GAP
        and not _SENTENCE_END.search(gap)
        and not re.search(r"\d", gap)
        and _CONVERSION.search(gap) is not None
    )


def _range_start(text: str, amount: MoneyAmount, multiplier: str | None) -> MoneyAmount | None:
    """The lower bound of a range written with one currency: "50,000 to 100,000 tenge"."""
    m = _RANGE_BEFORE.search(text, max(0, amount.start - 60), amount.start)
    if m is None:
        return None
    digits = m.group("between") or m.group("low")
    own = m.group("bmult") or m.group("lmult")
    value = _number_value(digits, own or multiplier)
    start = m.start("between") if m.group("between") else m.start("low")
    end = m.end("bmult") if m.group("bmult") else m.end("between") if m.group("between") else (
        m.end("lmult") if m.group("lmult") else m.end("low"))
    return MoneyAmount(start, end, text[start:end], _as_number(value), amount.currency, -1)


def find_amounts(text: str) -> list[MoneyAmount]:
    """Find every sum of money in `text`, with its value in units and its ISO 4217 currency.

    Args:
        text: any text.

    Returns:
        Amounts in text order; conversions of one payment share a `group`.
    """
    currencies = _currencies()
    raw: list[MoneyAmount] = []
    matches = list(currencies.pattern.finditer(text))
    starts = {m.start() for m in matches}
    for m in matches:
        if m.group("num"):
            form = m.group("pre")
            value: Decimal | None = _number_value(m.group("num"), m.group("mult"))
            multiplier = m.group("mult")
        elif m.group("num2"):
            form = m.group("post")
            value = _number_value(m.group("num2"), m.group("mult2"))
            multiplier = m.group("mult2")
        else:
            form = m.group("wcur")
            value = _words_value(m.group("words"))
            multiplier = None
        if value is None:
            continue
        amount = MoneyAmount(m.start(), m.end(), m.group(), _as_number(value), _currency_code(form), -1)
        if m.group("num"):
            high = _RANGE_AFTER.match(text, m.end())
            if high is not None and high.start("high") not in starts:
                # "$5-10 million": the upper bound's multiplier is the lower bound's too.
                if high.group("hmult") and not m.group("mult"):
                    value = _number_value(m.group("num"), high.group("hmult"))
                    amount = MoneyAmount(amount.start, amount.end, amount.text, _as_number(value),
                                         amount.currency, -1)
                upper = _number_value(high.group("high"), high.group("hmult"))
                if upper > value:
                    raw.append(amount)
                    amount = MoneyAmount(high.start("high"), high.end(), text[high.start("high"):high.end()],
                                         _as_number(upper), amount.currency, -1)
        if m.group("num2"):
            low = _range_start(text, amount, multiplier)
            if low is not None and (not raw or raw[-1].end <= low.start):
                raw.append(low)
        raw.append(amount)
    return _grouped(text, raw)


def _grouped(text: str, amounts: list[MoneyAmount]) -> list[MoneyAmount]:
    out: list[MoneyAmount] = []
    group = -1
    for i, amount in enumerate(amounts):
        if i == 0 or not _is_conversion(text, amounts[i - 1], amount):
            group += 1
        out.append(MoneyAmount(amount.start, amount.end, amount.text, amount.value, amount.currency, group))
    return out
