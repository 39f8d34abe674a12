"""Person names across spellings and scripts: one folded form that Latin, Cyrillic and Chinese agree on.

Kazakh and Uyghur names reach us in many renderings: `Qaster`/`Kaster`, `-uly`/`-ulı`/`-uli`/`-ov`,
Cyrillic `Мұсаханұлы`, Chinese `·`-separated transcriptions, initials (`K. Musakhanuly`). This module
turns every rendering into tokens in one *folded* alphabet (Kazakh Cyrillic and Arabic via `anyascii`,
Chinese via a transcription table and `pypinyin`), strips patronymic endings to a *stem*, and compares
tokens with `rapidfuzz`, so that the resolver can reason about names without caring how they were written.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz.distance import Levenshtein

__all__ = [
    "HAN_TRANSCRIPTION",
    "NameForm",
    "Script",
    "consonant_skeleton",
    "detect_script",
    "fold_token",
    "han_to_latin",
    "parse_name",
    "stem_token",
    "token_similarity",
    "vowel_runs",
]


class Script(enum.StrEnum):
    """The writing system a name form is written in."""

    LATIN = "latin"
    CYRILLIC = "cyrillic"
    HAN = "han"
    ARABIC = "arabic"
    MIXED = "mixed"
    OTHER = "other"


HAN_TRANSCRIPTION: dict[str, str] = {
    # Multi-character name elements first (longest match wins), then single transcription characters.
    # Readings are those used for Turkic names in Chinese, where a character often stands for a bare
    # consonant (斯 = s, 特 = t, 尔 = r), which plain pinyin ("si", "te", "er") would not give.
    "穆罕默德": "muhammad", "阿不都": "abdu", "阿布都": "abdu", "艾合买提": "ahmet", "买买提": "mamet",
    "麦麦提": "memet", "热合曼": "rahman", "吐尔洪": "turgun", "吐尔逊": "tursun", "肉孜": "rozi",
    "努尔": "nur", "别克": "bek", "古丽": "gul", "阿依": "ay", "巴依": "bay", "艾力": "eli",
    "阿": "a", "艾": "e", "爱": "ai", "安": "an", "奥": "o", "巴": "ba", "拜": "bai", "别": "be",
    "克": "k", "波": "bo", "博": "bo", "布": "bu", "达": "da", "德": "d", "迪": "di", "丁": "din",
    "杜": "du", "多": "do", "尔": "r", "厄": "e", "法": "fa", "夫": "f", "甫": "p", "古": "gu",
    "丽": "li", "哈": "ha", "汗": "han", "赫": "h", "合": "h", "加": "ja", "江": "jan", "吉": "ji",
    "卡": "ka", "凯": "kai", "坎": "kan", "库": "ku", "拉": "la", "来": "lai", "兰": "lan", "勒": "l",
    "里": "li", "力": "li", "利": "li", "林": "lin", "鲁": "lu", "玛": "ma", "马": "ma", "买": "me",
    "曼": "man", "米": "mi", "木": "m", "穆": "mu", "纳": "na", "娜": "na", "乃": "nai", "尼": "ni",
    "努": "nu", "诺": "no", "帕": "pa", "普": "p", "其": "ki", "热": "re", "仁": "ren", "萨": "sa",
    "赛": "sai", "沙": "sha", "山": "shan", "什": "sh", "斯": "s", "苏": "su", "孙": "sun", "塔": "ta",
    "泰": "tai", "特": "t", "提": "ti", "铁": "te", "图": "tu", "吐": "tu", "托": "to", "瓦": "wa",
    "万": "wan", "乌": "u", "西": "si", "夏": "sha", "逊": "sun", "亚": "ya", "叶": "ye", "伊": "i",
    "依": "i", "尤": "yu", "扎": "ja", "则": "z", "孜": "z", "兹": "z", "珠": "ju", "卓": "jo",
    "森": "sen", "松": "son", "肯": "ken", "根": "gen", "耶": "ye", "莱": "lai", "希": "hi",
}
"""Chinese transcription characters and name elements of Kazakh and Uyghur names, read in Latin."""

_HAN_MAX = max(len(k) for k in HAN_TRANSCRIPTION)
_NAME_SEPARATORS = re.compile(r"[\s·•・‧.\-‐‑_/,]+")
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "madam", "mister", "gospodin",
                     "imam", "haji", "hajji", "aqsaqal"})
_SUFFIXES: tuple[str, ...] = (
    # folded forms; longest first. Patronymics (-uly "son of", -kyzy "daughter of"), Uzbek/Uyghur
    # -ogli/-kizi, Russian -ovich/-ovna and the Russified surname endings -ov/-ev/-ova/-eva.
    "ovich", "evich", "ovna", "evna", "uulu", "ogli", "ugli", "kizi", "uli", "ova", "eva",
    "ov", "ev",
)
_FEMALE_SUFFIXES = ("ovna", "evna", "kizi", "ova", "eva")
_MALE_SUFFIXES = ("ovich", "evich", "uulu", "ogli", "ugli", "uli", "ov", "ev")
_DIGRAPHS: tuple[tuple[str, str], ...] = (
    ("shch", "s"), ("sh", "s"), ("ch", "c"), ("kh", "h"), ("gh", "g"), ("zh", "j"), ("dzh", "j"), ("dj", "j"),
    ("ts", "c"), ("ph", "f"), ("ou", "u"), ("iy", "i"),
)
_SINGLE = str.maketrans({"q": "k", "x": "h", "w": "u", "y": "i", "c": "c", "'": None, "`": None})
_VOWELS = frozenset("aeiou")
_INITIAL_CLASS = {"i": "e"}  # `Y.` / `Ы.` stand for Yerlan as often as `E.` does


def detect_script(text: str) -> Script:
    """The writing system of a name form (the one of its letters; `mixed` when several)."""
    seen: set[Script] = set()
    for ch in text:
        if not ch.isalpha():
            continue
        name = unicodedata.name(ch, "")
        if name.startswith("CJK"):
            seen.add(Script.HAN)
        elif name.startswith("CYRILLIC"):
            seen.add(Script.CYRILLIC)
        elif name.startswith("ARABIC"):
            seen.add(Script.ARABIC)
        elif name.startswith("LATIN"):
            seen.add(Script.LATIN)
        else:
            seen.add(Script.OTHER)
    if not seen:
        return Script.OTHER
    return seen.pop() if len(seen) == 1 else Script.MIXED


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


@lru_cache(maxsize=4096)
def han_to_latin(text: str) -> str:
    """A Chinese transcription of a Turkic name read back into Latin letters, token by token.

    Name elements and transcription characters come from `HAN_TRANSCRIPTION` (longest match); any other
    character is read with `pypinyin`. The `·` between given name and father's name becomes a space.
    """
    from pypinyin import lazy_pinyin

    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if not _is_han(ch):
            out.append(" " if _NAME_SEPARATORS.match(ch) else ch)
            i += 1
            continue
        for size in range(min(_HAN_MAX, len(text) - i), 0, -1):
            piece = text[i:i + size]
            if piece in HAN_TRANSCRIPTION:
                out.append(HAN_TRANSCRIPTION[piece])
                i += size
                break
        else:
            out.append("".join(lazy_pinyin(ch)))
            i += 1
    return re.sub(r"\s+", " ", "".join(out)).strip()


@lru_cache(maxsize=1 << 18)
def fold_token(token: str) -> str:
    """One name token in the folded alphabet: Latin, lower case, variant spellings made one.

    `Qaster`, `Kaster` and `Қастер` all fold to `kaster`; `Zhanbolat` and `Janbolat` to `janbolat`;
    `Musakhanuly`, `Musahanuli` and `Мұсаханұлы` to `musahanuli`. Doubled letters are collapsed.
    """
    if any(_is_han(ch) for ch in token):
        token = han_to_latin(token).replace(" ", "")
    s = anyascii(token).lower()
    s = "".join(ch for ch in s if ch.isalpha())
    if s.startswith("ye") and len(s) > 3:
        s = "e" + s[2:]
    for old, new in _DIGRAPHS:
        s = s.replace(old, new)
    while "ng" in s:  # ң is written ng, ñ or n; ңғ becomes ngg, so fold until none is left
        s = s.replace("ng", "n")
    s = s.translate(_SINGLE)
    if s.startswith("ie") and len(s) > 3:
        s = "e" + s[2:]
    # collapse doubled letters, but not across a patronymic ending (Serik + kyzy keeps its k)
    for suffix in _SUFFIXES:
        if s.endswith(suffix) and len(s) - len(suffix) >= 3:
            return _collapse(s[: -len(suffix)]) + _collapse(suffix)
    return _collapse(s)


def _collapse(s: str) -> str:
    out: list[str] = []
    for ch in s:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


@lru_cache(maxsize=1 << 18)
def _strip(folded: str) -> tuple[str, bool]:
    for suffix in _SUFFIXES:
        if folded.endswith(suffix) and len(folded) - len(suffix) >= 3:
            stem, had_suffix = folded[: -len(suffix)], True
            break
    else:
        stem, had_suffix = folded, False
    if len(stem) >= 4 and stem.endswith("i") and stem[-2] in _VOWELS:
        stem = stem[:-1]
    return stem, had_suffix


def stem_token(folded: str) -> str:
    """A folded token without its patronymic or Russified ending: `musahanuli`, `musahanov` -> `musahan`.

    The ending is kept when what would remain is shorter than three letters. A stem ending in a vowel
    and `i` loses the `i` (`jumabaiuli` and `jumabaev` both give `jumaba`).
    """
    return _strip(folded)[0]


@lru_cache(maxsize=1 << 18)
def consonant_skeleton(stem: str, length: int = 3) -> str:
    """The first consonants of a stem, after its first letter: robust to vowel noise in transcriptions."""
    if not stem:
        return ""
    rest = "".join(ch for ch in stem[1:] if ch not in _VOWELS)
    return (stem[0] + rest)[:length]


def token_similarity(a: str, b: str, *, loose: bool = False) -> float:
    """How alike two stems are, 0..1: 1 when equal, 0.85 for an initial that fits, else edit similarity.

    With `loose` (one side was read back from a Chinese transcription, which drops and adds vowels)
    the consonant skeletons are compared too, and the better of the two similarities counts.
    """
    if a == b:
        return 1.0
    if len(a) == 1 or len(b) == 1:
        return 0.85 if _INITIAL_CLASS.get(a[0], a[0]) == _INITIAL_CLASS.get(b[0], b[0]) else 0.0
    sim = float(Levenshtein.normalized_similarity(a, b))
    if loose:
        ska, skb = _consonants(a), _consonants(b)
        if len(ska) >= 2 and len(skb) >= 2:
            sim = max(sim, 0.95 * float(Levenshtein.normalized_similarity(ska, skb)))
        # a transcription character stands for a syllable whatever its vowel (艾 is a, e or ai), so
        # the consonants with each run of vowels as one unknown vowel are compared too
        sim = max(sim, 0.9 * float(Levenshtein.normalized_similarity(vowel_runs(a), vowel_runs(b))))
    return sim


def _consonants(stem: str) -> str:
    return "".join(ch for ch in stem if ch not in _VOWELS)


@lru_cache(maxsize=1 << 18)
def vowel_runs(stem: str) -> str:
    """A stem with each run of vowels written as one `a` (`aiulu`, `eulu` -> `ala`): what a Chinese
    transcription keeps of a name."""
    out: list[str] = []
    for ch in stem:
        ch = "a" if ch in _VOWELS else ch
        if not out or out[-1] != ch or ch != "a":
            out.append(ch)
    return "".join(out)


@dataclass(frozen=True, slots=True)
class NameForm:
    """A person's name as written, and what the resolver compares.

    Attributes:
        text: the name as written in the source.
        script: its writing system.
        tokens: folded tokens, titles dropped, in written order (`("kaster", "musahanuli")`).
        stems: the same tokens without patronymic endings (`("kaster", "musahan")`).
        initials: which tokens were written as a single letter (`K. Musakhanuly`).
        patronymic: which tokens carry a patronymic or surname ending (`-uly`, `-kyzy`, `-ov`).
    """

    text: str
    script: Script
    tokens: tuple[str, ...]
    stems: tuple[str, ...]
    initials: tuple[bool, ...]
    patronymic: tuple[bool, ...] = ()

    @property
    def is_full(self) -> bool:
        """Whether the form has at least two tokens, one of them more than an initial."""
        return len(self.stems) >= 2 and not all(self.initials)

    @property
    def gender_hint(self) -> str | None:
        """`female` for `-kyzy`/`-ova`/`-ovna` endings, `male` for `-uly`/`-ov`/`-ovich`, else None."""
        for token, is_patronymic in zip(self.tokens, self.patronymic, strict=False):
            if is_patronymic:
                if token.endswith(_FEMALE_SUFFIXES):
                    return "female"
                if token.endswith(_MALE_SUFFIXES):
                    return "male"
        return None

    @property
    def key(self) -> str:
        """The folded stems joined, for grouping identical forms."""
        return " ".join(self.stems)


@lru_cache(maxsize=1 << 16)
def parse_name(text: str) -> NameForm:
    """Split a written name into folded tokens and stems (titles such as `Mr` dropped).

    Cached (a `NameForm` is immutable): the registry re-reads the stored features of every candidate
    person's mentions for each new document, and in a large store the same names come back often."""
    script = detect_script(text)
    source = han_to_latin(text) if script in (Script.HAN, Script.MIXED) and any(map(_is_han, text)) else text
    raw = [t for t in _NAME_SEPARATORS.split(source) if t]
    tokens: list[str] = []
    stems: list[str] = []
    initials: list[bool] = []
    patronymic: list[bool] = []
    for piece in raw:
        folded = fold_token(piece)
        if not folded or folded in _TITLES:
            continue
        stem, had_suffix = _strip(folded)
        tokens.append(folded)
        stems.append(stem)
        initials.append(len(folded) == 1)
        patronymic.append(had_suffix)
    return NameForm(text=text, script=script, tokens=tuple(tokens), stems=tuple(stems),
                    initials=tuple(initials), patronymic=tuple(patronymic))
