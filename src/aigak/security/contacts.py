"""Contact details and identity numbers in free text: e-mails, phone numbers, street addresses, passport and ID numbers.

These are found by their shape, not learned from the records: a testimony gives the flat where a
family sleeps ("45 Zhibek Zholy street, apartment 12", "ул. Абая, д. 150, кв. 7", "Zhibek Zholy 45-12")
in a quote that no field of any record holds. Years, date ranges, amounts, article numbers and
ordinary words about streets ("the street outside the consulate") are left alone.
"""

from __future__ import annotations

import re

__all__ = ["CONTACT_PLACEHOLDER", "ID_PLACEHOLDER", "redact_addresses", "redact_text"]

CONTACT_PLACEHOLDER = "[contact]"
ID_PLACEHOLDER = "[ID number]"

# --- e-mails, identity numbers, phones ----------------------------------------------------------

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_ID_LABELLED = re.compile(
    r"(?i)(\b(?:passport|паспорт\w*|ID\s*card|identity\s+card|national\s+ID|IIN|ИИН|ЖСН|身份证|护照)"
    r"(?:\s*(?:no\.?|number|num\.?|№|#|номер|号码?))?\s*[:.]?\s*)"
    r"([A-Z]{0,2}[ -]?\d[\d -]{4,20}[\dXx])")
_ID_BARE = re.compile(r"(?<![\w-])(?:\d{17}[\dXx]|\d{12}|[A-Z]{1,2}\d{7,8})(?![\w-])")
_PHONE_CANDIDATE = re.compile(r"(?<![\w+/.,-])(\+?\(?\d[\d \t\u00a0().-]{6,22}\d)(?![\w])")
_YEARS_ONLY = re.compile(r"^(?:(?:19|20)\d\d[\s\u00a0.–-]*)+$")
_DATE_LIKE = re.compile(r"^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$")


def _phone(match: re.Match[str]) -> str:
    raw = match.group(1)
    digits = sum(ch.isdigit() for ch in raw)
    compact = raw.strip()
    if _YEARS_ONLY.match(compact) or _DATE_LIKE.match(compact):
        return match.group(0)
    if digits > 15 or digits < (8 if compact.startswith("+") else 9):
        return match.group(0)
    return match.group(0).replace(raw, CONTACT_PLACEHOLDER)


# --- street addresses ---------------------------------------------------------------------------
# An address is a street's name (capitalised words) tied to a house number by a street word
# ("street", "avenue", "ул."), by a flat ("150, flat 7") or by the house-flat shorthand of
# Kazakhstan and Russia ("45-12"). Street and flat words are matched in any case: translations
# write "45 Zhibek Zholy street, apartment 12". The street's name must be capitalised, and a word
# that opens sentences or dates ("On", "Between", "March", "Article") never counts as one, so
# "the street outside the consulate", "on March 12-14" and "Article 5-1" stay as they are.

_NOT_STREET_NAMES = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|"
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    "январ[ья]|феврал[ья]|марта?|апрел[ья]|ма[йя]|июн[ья]|июл[ья]|августа?|сентябр[ья]|октябр[ья]|ноябр[ья]|"
    "декабр[ья]|"
    "the|a|an|on|in|at|from|between|since|until|till|by|to|of|and|or|about|around|some|only|nearly|almost|"
    "over|under|for|with|after|before|during|aged?|ages|he|she|they|we|i|it|his|her|their|our|my|this|that|"
    "these|those|there|here|when|where|all|both|each|every|many|few|several|"
    "article|art|section|sec|chapter|part|paragraph|para|clause|law|code|decree|resolution|order|case|"
    "no|number|nos|page|pages|pp|table|figure|fig|appendix|annex|grade|class|group|score|covid|"
    "статья|статьи|ст|глава|часть|пункт|закон|дело|в|на|с|по|от|до|и|или"
)
_NAME_WORD = (rf"(?!(?i:{_NOT_STREET_NAMES})(?![\w'’-]))"
              r"[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][\w'’-]*\.?")
"""One capitalised word of a street's name (`Zhibek`, `Tole`, `Bi`, `Абая`), never a month or a sentence opener."""
_STREET_NAME = rf"{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,3}}"
_STREET_WORD = (r"(?i:street|str\.|st\.?|avenue|ave\.?|road|rd\.|lane|boulevard|blvd\.?|drive|prospekt|prospect|"
                r"highway|alley|microdistrict|mkr\.?|koshesi|köshesi|dangyly)(?!\w)")
_HOUSE = r"(?!(?:19|20)\d\d(?!\d))\d{1,4}[A-Za-zА-Яа-я]?(?![\d\w])"
"""A house number: never a year (`2019 Kazakh street vendors` is not an address)."""
_FLAT = (r"(?i:,?[ \t]*(?:apt\.?|apartment|flat|unit|suite|room|кв\.?|квартира|пәтер)[ \t]*(?:no\.?[ \t]*|№[ \t]*)?"
         r"\d{1,4}[A-Za-zА-Яа-я]?(?!\w))")
_PLAIN_NEXT = (r"in|at|on|near|of|and|or|for|from|to|with|since|until|till|where|which|that|when|while|was|is|"
               r"were|are|has|had|have|before|after|during|but|then|there|here|by|building|block|entrance|floor|"
               r"corner|opposite|district")
_ADDRESS_END = rf"(?![ \t]+(?!(?:{_PLAIN_NEXT})(?!\w))[a-z])"
"""An address is not followed by a lowercase noun: "3 Kazakh street vendors" is about vendors."""
_CUE = r"(?i:at|address(?:es)?:?|адрес\w*:?|по[ \t]+адресу:?)"

_ADDRESSES = [re.compile(p) for p in (
    # ул. Абая, д. 150, кв. 7 / проспект Абая 150 / пр-т Достык 5 / ul. Abaya 150
    (r"(?<!\w)(?i:ул\.?|улица|пр\.|просп\.?|проспект|пр-т|пр-кт|бульвар|бул\.|б-р|пер\.|переулок|шоссе|мкр\.?|мкр-н|"
     r"микрорайон|ul\.|pr\.|mkr\.?)[ \t]*[А-ЯЁA-Z][\w-]*(?:[ \t]+[А-ЯЁ][\w-]*)?,?[ \t]*(?:д\.?[ \t]*|дом[ \t]*)?"
     rf"\d{{1,5}}\w?(?:[-/]\d{{1,4}}(?![\d\w]))?(?:{_FLAT})?"),
    # Абай даңғылы 150 / Төле би көшесі, 45 үй
    (r"[А-ЯЁӘҒҚҢӨҰҮҺІ][\w-]+\s+(?:көшесі|даңғылы|шағынауданы)\s*,?\s*(?:\d{1,5}\w?)?(?:\s*үй)?"
     rf"(?:{_FLAT})?"),
    # 新华路12号3楼
    r"[\u4e00-\u9fff]{1,12}(?:路|街|巷|弄)\d{1,5}号(?:[\u4e00-\u9fff\d]{0,10}(?:室|楼))?",
    # 45 Zhibek Zholy street, apartment 12 / 12 Abay Street, apt 5 / 45 Zhibek Zholy, flat 12
    rf"(?<![\w.,/-]){_HOUSE},?[ \t]+{_STREET_NAME}(?:[ \t]+{_STREET_WORD}(?:{_FLAT}|{_ADDRESS_END})|{_FLAT})",
    # Abay avenue 150, flat 7 / Tole Bi street 45 / Abay Street No. 5
    (rf"(?<![\w-]){_STREET_NAME}[ \t]+{_STREET_WORD},?[ \t]*(?i:no\.?[ \t]*|house[ \t]*|building[ \t]*)?"
     rf"{_HOUSE}(?:[-/]\d{{1,4}}(?![\d\w]))?(?:{_FLAT}|{_ADDRESS_END})"),
    # Abay 150, flat 7 / Абая 150, кв. 7 (the flat makes it an address)
    rf"(?<![\w-]){_STREET_NAME}[ \t]+{_HOUSE}{_FLAT}",
    # Абая, д. 150 / Abay, house 150
    rf"(?<![\w-]){_STREET_NAME},?[ \t]*(?:д\.|дом|(?i:house))[ \t]*{_HOUSE}(?:{_FLAT})?",
)]
_SHORTHAND = re.compile(
    # Zhibek Zholy 45-12 (house 45, flat 12); one capitalised word only after "at" or "address:"
    rf"(?:(?<!\w)(?P<cue>{_CUE})[ \t]+{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,2}}|(?<![\w-]){_NAME_WORD}"
    rf"(?:[ \t]+{_NAME_WORD}){{1,2}}),?[ \t]+\d{{1,3}}[A-Za-zА-Яа-я]?[-/]\d{{1,4}}(?![\d\w]|[-/.,]\d)"
    rf"{_ADDRESS_END}")


def _shorthand(match: re.Match[str]) -> str:
    cue = match.group("cue")
    return f"{cue} {CONTACT_PLACEHOLDER}" if cue else CONTACT_PLACEHOLDER


def redact_addresses(text: str) -> str:
    """`text` with each street address replaced by `[contact]` (see the module's rules)."""
    for pattern in _ADDRESSES:
        text = pattern.sub(CONTACT_PLACEHOLDER, text)
    return _SHORTHAND.sub(_shorthand, text)


def redact_text(text: str) -> str:
    """Replace contact details (e-mails, phone numbers, street addresses) and ID numbers in free text.

    Patterns, not knowledge: names of relatives or home villages are hidden by a `Redactor` that
    has learned them from the records. Years, date ranges and amounts are left alone.
    """
    out = _EMAIL.sub(CONTACT_PLACEHOLDER, text)
    out = _ID_LABELLED.sub(lambda m: m.group(1) + ID_PLACEHOLDER, out)
    out = _ID_BARE.sub(ID_PLACEHOLDER, out)
    out = redact_addresses(out)
    return _PHONE_CANDIDATE.sub(_phone, out)
