"""Name folding: one spelling for Latin transliterations, Kazakh Cyrillic, Chinese transcriptions, initials."""

from __future__ import annotations

import pytest

from aigak.resolve.names import (
    Script,
    detect_script,
    fold_token,
    han_to_latin,
    parse_name,
    stem_token,
    token_similarity,
)
from aigak.resolve.scoring import NameAgreement, compare_forms


@pytest.mark.parametrize(("a", "b"), [
    ("Qaster", "Kaster"),
    ("Қастер", "Kaster"),
    ("Zhanbolat", "Janbolat"),
    ("Musakhanuly", "Musahanuli"),
    ("Мұсаханұлы", "Musakhanulı"),
    ("Yerlan", "Erlan"),
    ("Ierlan", "Erlan"),
    ("Shyngys", "Шыңғыс"),
    ("Esengeldi", "Eseñeldi"),
], ids=["q-k", "cyrillic-q", "zh-j", "kh-h-uly-uli", "cyrillic-dotless-i", "ye-e", "ie-e", "ng-cyrillic", "ng-n-tilde"])
def test_variant_spellings_fold_to_one_form(a: str, b: str) -> None:
    assert fold_token(a) == fold_token(b)


@pytest.mark.parametrize(("token", "stem"), [
    ("Musakhanuly", "musahan"),
    ("Musakhanov", "musahan"),
    ("Musakhan", "musahan"),
    ("Serikkyzy", "serik"),
    ("Serikova", "serik"),
    ("Jumabayuly", "jumaba"),
    ("Jumabaev", "jumaba"),
    ("Aisulu", "aisulu"),
], ids=["uly", "ov", "bare", "kyzy", "ova", "bay-uly", "baev", "given-name-ending-in-ulu-kept"])
def test_patronymic_endings_are_stripped_to_one_stem(token: str, stem: str) -> None:
    assert stem_token(fold_token(token)) == stem


@pytest.mark.parametrize(("text", "script"), [
    ("Aigul Serikqyzy", Script.LATIN), ("Айгүл Серікқызы", Script.CYRILLIC), ("阿依古丽", Script.HAN),
    ("Aigul Серікқызы", Script.MIXED), ("", Script.OTHER),
], ids=["latin", "cyrillic", "han", "mixed", "empty"])
def test_script_is_detected(text: str, script: Script) -> None:
    assert detect_script(text) is script


def test_chinese_transcription_reads_back_as_given_name_and_fathers_name() -> None:
    assert han_to_latin("吐尔逊·买买提") == "tursun mamet"
    form = parse_name("阿依古丽·努尔别克")
    assert form.script is Script.HAN
    assert form.stems == ("aigul", "nurbek")


def test_chinese_rendering_matches_its_latin_spelling_loosely() -> None:
    latin, chinese = parse_name("Tursun Mamet"), parse_name("吐尔逊·买买提")
    agreement, sim = compare_forms(latin, chinese)
    assert agreement is NameAgreement.FULL
    assert sim >= 0.9


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("Berik Tursynbekuly", "Берік Тұрсынбекұлы", NameAgreement.FULL),
    ("Berik Tursynbekuly", "Tursynbekuly Berik", NameAgreement.FULL),
    ("Berik Tursynbekuly", "B. Tursynbekuly", NameAgreement.INITIAL),
    ("Berik Tursynbekuly", "Tursynbekov", NameAgreement.LAST_ONLY),
    ("Berik Tursynbekuly", "Berik", NameAgreement.FIRST_ONLY),
    ("Berik Tursynbekuly", "Tursynbek Berikuly", NameAgreement.MISMATCH),
    ("Berik Tursynbekuly", "Dana Tursynbekqyzy", NameAgreement.MISMATCH),
    ("Berik Tursynbekuly", "A. Tursynbekuly", NameAgreement.MISMATCH),
], ids=["cyrillic", "surname-first", "initial", "surname-only", "given-only", "father-and-son-swapped",
        "sister", "wrong-initial"])
def test_name_forms_agree_as_expected(a: str, b: str, expected: NameAgreement) -> None:
    assert compare_forms(parse_name(a), parse_name(b))[0] is expected


def test_patronymic_tells_the_gender() -> None:
    assert parse_name("Aizhan Serikkyzy").gender_hint == "female"
    assert parse_name("Nurlan Serikuly").gender_hint == "male"
    assert parse_name("Aizhan Serikova").gender_hint == "female"
    assert parse_name("Tursun Mamet").gender_hint is None


def test_titles_are_dropped_and_initials_marked() -> None:
    form = parse_name("Mr B. Tursynbekuly")
    assert form.tokens == ("b", "tursinbekuli")
    assert form.initials == (True, False)
    assert not parse_name("B. T.").is_full


@pytest.mark.parametrize(("a", "b", "low", "high"), [
    ("kaster", "kaster", 1.0, 1.0), ("k", "kaster", 0.85, 0.85), ("e", "erlan", 0.85, 0.85),
    ("kaster", "kastir", 0.8, 0.9), ("kaster", "musahan", 0.0, 0.3),
], ids=["equal", "initial", "y-initial-for-ye", "one-letter-off", "different"])
def test_token_similarity(a: str, b: str, low: float, high: float) -> None:
    assert low <= token_similarity(a, b) <= high
