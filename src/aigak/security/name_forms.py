"""Hidden names in free text whatever their spelling, script or grammatical case.

A relative's name reaches the sources as `Erlan Tursinbekuli`, `Yerlan Tursynbekuly` and
`Ерлан Турсынбекұлы`, and inside a sentence as `Нурлана Садыкова` (genitive) or `Sadykov's`. The
`Redactor` learns the forms the records give; this module compares every word of a text with them
in a *folded* alphabet (`aigak.resolve.names.fold_token`, passed in by the caller because the
security layer sits below the resolver), after taking off a case ending or possessive.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

__all__ = ["CASE_ENDINGS", "MIN_FOLDED_CHARS", "NOT_NAME_WORDS", "SURNAME_SUFFIXES", "FoldedNames", "NameFolder",
           "name_tokens"]

NameFolder = Callable[[str], str]
"""Folds one name token into a spelling- and script-independent form (`Садыков`, `Sadikov` -> `sadikov`)."""

MIN_FOLDED_CHARS = 3
"""Folded tokens shorter than this are never matched on their own (initials, `Li`, `Bo`)."""

NOT_NAME_WORDS = frozenset({
    "husband", "wife", "spouse", "mother", "father", "parent", "parents", "brother", "sister", "sibling",
    "son", "daughter", "child", "children", "uncle", "aunt", "cousin", "nephew", "niece", "grandmother",
    "grandfather", "grandson", "granddaughter", "relative", "relatives", "family", "of", "the", "and", "her",
    "his", "their", "our", "my", "mr", "mrs", "ms", "name", "unknown", "gender", "female", "male", "late",
    "муж", "жена", "мать", "отец", "брат", "сестра", "сын", "дочь", "дядя", "тётя", "тетя",
    "күйеуі", "әйелі", "анасы", "әкесі", "ағасы", "інісі", "әпкесі", "қарындасы", "ұлы", "қызы",
})
"""Words that a badly read name may carry ("husband of Nurlan", "Spouse Nurlan Sadikov") but that
are never hidden on their own: hiding "husband" everywhere would hide nothing and garble every quote."""

_MIN_STEM_CHARS = 4
"""A word only counts as an inflected form of a hidden token when the token is at least this long."""

CASE_ENDINGS: tuple[str, ...] = (
    # Russian case endings of names (Нурлана, Садыкову, Садыковым, Садыковой) and their Latin readings
    "ами", "ому", "ого", "ым", "ом", "ой", "ою", "ых", "а", "у", "е", "ым",
    "ami", "omu", "ogo", "ym", "om", "oy", "oi", "ykh", "a", "u", "e",
    # Kazakh case endings (Нұрланның, Нұрланға, Нұрланды, Нұрланмен, Нұрланда, Нұрланнан) and Latin
    "ның", "нің", "дың", "дің", "тың", "тің", "ға", "ге", "қа", "ке", "на", "не", "ды", "ді", "ты", "ті",
    "ны", "ні", "да", "де", "та", "те", "нда", "нде", "дан", "ден", "тан", "тен", "нан", "нен", "мен",
    "бен", "пен", "ға",
    "nyng", "ning", "dyng", "ding", "tyng", "ting", "nyn", "nin", "ga", "ge", "qa", "ka", "ke", "na", "ne",
    "dy", "di", "ty", "ti", "ny", "ni", "da", "de", "ta", "te", "nda", "nde", "dan", "den", "tan", "ten",
    "nan", "nen", "men", "ben", "pen",
)
"""Endings a name may carry inside a sentence; a word minus one of them is compared again."""

SURNAME_SUFFIXES: tuple[str, ...] = ("ovna", "evna", "ovic", "evic", "ova", "eva", "ov", "ev", "uli", "kizi",
                                     "uulu", "kuzu", "zoda", "zade")
"""Endings (folded) that make a family name out of a father's given name: `Abdurehim` -> `Abdurehimova`,
`Nurlan` -> `Nurlanuly`, `Nurlanqyzy`, `Nurlanovna`. A person's own name shows the given name it is made of."""

_ENDINGS_BY_LENGTH = sorted(set(CASE_ENDINGS), key=len, reverse=True)
_WORD = re.compile(r"\[[^\[\]\n]{1,40}\]|[^\W\d_]+(?:['’\-][^\W\d_]+)*")
"""A placeholder already written (left alone), or a word."""
_PIECE_SEPARATOR = re.compile(r"(['’\-])")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_NAME_SPLIT = re.compile(r"[\s·•・‧.,/_]+")


def name_tokens(name: str) -> list[str]:
    """The words of a written name, as a text would show them (`Erlan Tursinbekuli` -> both words;
    a hyphenated part is one word and also its pieces)."""
    out: list[str] = []
    for word in _NAME_SPLIT.split(name):
        word = word.strip("'’\"()[]-")
        if not word or word.casefold() in NOT_NAME_WORDS:
            continue
        out.append(word)
        pieces = [p for p in re.split(r"['’\-]", word) if p]
        if len(pieces) > 1:
            out.extend(pieces)
    return out


class FoldedNames:
    """Folded name tokens to hide (with their placeholders) and folded tokens to leave readable.

    A token that a person who is not hidden also carries (a shared family name) stays readable,
    unless it is on its own the whole name a hidden person goes by (`Nurlan` for a husband the
    sources call just that).
    """

    def __init__(self, fold: NameFolder) -> None:
        self._fold = fold
        self._hidden: dict[str, str] = {}
        self._whole: set[str] = set()
        self._public: set[str] = set()
        self._places: set[str] = set()

    def fold(self, word: str) -> str:
        """The folded form of one word ('' for Chinese characters, which are matched as written)."""
        if _HAN.search(word):
            return ""
        return self._fold(word)

    def hide(self, names: Iterable[str], replacement: str, *, stronger: Callable[[str, str], bool],
             is_whole_name: bool = True, is_place: bool = False) -> None:
        """Hide every token of these name forms as `replacement` (a stronger placeholder already held wins).

        Args:
            is_whole_name: the forms are names the person goes by, so a one-word form is hidden even
                where someone public shares it; False for aliases (a bare family name).
            is_place: the forms name a place (a home village), which no person's name makes readable.
        """
        for name in names:
            tokens = [t for t in (self.fold(w) for w in name_tokens(name)) if len(t) >= MIN_FOLDED_CHARS]
            distinct = set(tokens)
            if is_place:
                self._places.update(distinct)
            if is_whole_name and len(distinct) == 1:
                self._whole.update(distinct)
            for token in distinct:
                held = self._hidden.get(token)
                if held is None or stronger(replacement, held):
                    self._hidden[token] = replacement

    def keep(self, names: Iterable[str]) -> None:
        """Leave the tokens of these full names (people who are not hidden) readable.

        A one-word name ("Nurlan") protects nothing: it is as likely a hidden person read badly as
        someone else, and hiding a word by mistake costs less than showing it by mistake.
        """
        for name in names:
            tokens = {t for t in (self.fold(w) for w in name_tokens(name)) if t}
            if len(tokens) >= 2:
                self._public.update(tokens)

    def own_words(self, names: Iterable[str]) -> frozenset[str]:
        """The folded words of a public person's own names, and the given names their family names are
        made of (`Abdurehimova` -> `abdurehim`): pass them to `replace` as `readable` where that person's
        name stands, so that a hidden relative who goes by one of these words alone (her father
        `Abdurehim`) does not turn her name into `[relative]`. Her name already shows that word."""
        out: set[str] = set()
        for name in names:
            for token in (self.fold(w) for w in name_tokens(name)):
                if len(token) < MIN_FOLDED_CHARS:
                    continue
                out.add(token)
                out.update(token[: -len(s)] for s in SURNAME_SUFFIXES
                           if token.endswith(s) and len(token) - len(s) >= _MIN_STEM_CHARS)
        return frozenset(out)

    def __bool__(self) -> bool:
        return bool(self._hidden)

    def _lookup(self, folded: str, readable: frozenset[str] = frozenset()) -> str | None:
        if len(folded) < MIN_FOLDED_CHARS:
            return None
        replacement = self._hidden.get(folded)
        if replacement is None or (folded in self._public and folded not in self._whole):
            return None
        if folded in readable and folded not in self._places:
            return None
        return replacement

    def match(self, word: str, readable: frozenset[str] = frozenset()) -> str | None:
        """The placeholder for one word of a text, when it is a hidden name in any spelling or case.

        Args:
            readable: folded words that stay readable here (`own_words` of the person the text is about).
        """
        folded = self.fold(word)
        replacement = self._lookup(folded, readable)
        if replacement is not None or folded in self._public or folded in readable:
            return replacement
        lowered = word.casefold()
        for ending in _ENDINGS_BY_LENGTH:
            if lowered.endswith(ending) and len(word) > len(ending):
                stem = self.fold(word[: -len(ending)])
                if len(stem) >= _MIN_STEM_CHARS:
                    replacement = self._lookup(stem, readable)
                    if replacement is not None:
                        return replacement
        return None

    def replace(self, text: str, on_replace: Callable[[str], None], *,
                readable: frozenset[str] = frozenset()) -> str:
        """`text` with each word that is a hidden name replaced; `on_replace` is told each placeholder.

        Args:
            readable: folded words that stay readable in this text (`own_words`).
        """
        if not self._hidden:
            return text

        def swap(match: re.Match[str]) -> str:
            word = match.group(0)
            if word.startswith("["):
                return word
            replacement = self.match(word, readable)
            if replacement is not None:
                on_replace(replacement)
                return replacement
            if not _PIECE_SEPARATOR.search(word):
                return word
            # `Sadykov's`, `Tursynbek-uly`: look at each piece on its own
            pieces = _PIECE_SEPARATOR.split(word)
            out = []
            for piece in pieces:
                found = self.match(piece, readable) if piece and not _PIECE_SEPARATOR.fullmatch(piece) else None
                if found is not None:
                    on_replace(found)
                out.append(found or piece)
            return "".join(out)

        return _WORD.sub(swap, text)
