"""Person resolution at scale: generate person mentions with known truth, resolve them, score the result.

Usage:
    python benchmarks/resolve.py [--mentions 1000000] [--seed 7] [--workers 2] [--no-splink] [--breakdown]

The generator invents Kazakh and Uyghur people (given name, father's name as a patronymic or a
Russified surname, birth year, gender, home place, a companion) and writes each mention the way
sources do: one of four Latin transliterations, Kazakh Cyrillic or a Chinese transcription;
sometimes with an initial, the surname alone or the given name alone, surname first, or a typo;
with an age that may be a year off, a place, a companion named alongside. It then runs
`aigak.resolve.cluster.resolve_batch` and, on the same rows in the same run, splink 5 with DuckDB,
and prints wall time, peak memory and pairwise precision, recall and F1 for each. With
`--breakdown` it also prints where aigak's errors come from: wrongly joined pairs by why the two
people could be confused (namesakes, one name in common, different names), missed pairs by how the
weaker mention's name was written, and how many true pairs involve a lone name with no other
evidence (which no method could place).
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import resource
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from aigak.resolve.cluster import resolve_batch
from aigak.resolve.features import MentionFeatures

KAZAKH_MALE = ["Qaster", "Nurlan", "Janbolat", "Erlan", "Serik", "Bolat", "Dauren", "Aset", "ArmaN", "Nurbol", "Ruslan", "Talgat", "Marat", "Asqar", "Baurjan", "Erjan", "Dastan", "Qanat", "Almas", "Murat", "Ermek", "Nurjan", "Erbol", "Aidos", "Daniyar", "Beibit", "Muqtar", "Sultan", "Abai", "Arman", "Yerjan", "Qairat", "Ermurat", "Saken", "Bauyrjan", "Jandos", "Alibek", "Darhan", "Rustem", "Galym", "Temirlan", "Qaisar", "Erasyl", "Nursultan", "Aslan", "Medet", "Sanjar", "Abylai", "Oljas", "Aidar", "Miras", "Yerlan", "Serjan", "Asylbek", "Qydyrbek", "Tulegen", "Jaqsylyq", "Qalibek", "Murager", "Orazbek", "Omirbek", "Sagyndyq", "Duisen", "Jumabai", "Qurmangazy", "Esengeldi", "Seitqali", "Toqtar", "Ualihan", "Qonysbai", "Berik", "Bekzat", "Jomart", "Nurdaulet", "Zeinolla", "Rahat", "Qasym", "Shyngys", "Amangeldi", "Batyr", "Erkebulan", "Mirjan", "Sabit", "Tursyn", "Bahyt", "Kenjebek", "Esbol", "Qazybek", "Ahmetjan"]
KAZAKH_FEMALE = ["Aigul", "Gulnar", "Saule", "Ainur", "Dinara", "Aliya", "Madina", "Asel", "Jannat", "Gulnur", "Bota", "Aruna", "Dana", "Raushan", "Gulbahyt", "Saltanat", "Aigerim", "Jansaya", "Akmaral", "Kamila", "Tomiris", "Nazym", "Gulmira", "Meruert", "Balnur", "Ulbolsyn", "Qarlygash", "Jibek", "Sandugash", "Botagoz", "Anar", "Aisulu", "Gaukhar", "Zarina", "Moldir", "Aqbota", "Dilnaz", "Symbat", "Ainash", "Kunsulu", "Nurgul", "Saltanat", "Baqyt", "Zhuldyz", "Ardaq", "Sholpan", "Aizhan", "Gulzhan", "Laura"]
UYGHUR_MALE = ["Abdurehim", "Memet", "Tursunjan", "Ablikim", "Rozi", "Ilham", "Nurmemet", "Abdulla", "Yasin", "Erkin", "Ekber", "Abdusalam", "Qurban", "Mutellip", "Perhat", "Dilmurat", "Alimjan", "Adil", "Ehmet", "Rahman", "Turghun", "Qeyser", "Hoshur", "Shirmemet"]
UYGHUR_FEMALE = ["Mihrigul", "Gulbahar", "Rahile", "Sayragul", "Gulchehre", "Zumret", "Mahire", "Aynur", "Gulzira", "Patime", "Zeynep", "Horigul"]
PLACES = ["Almaty", "Astana", "Shymkent", "Qaraghandy", "Oskemen", "Semey", "Taldyqorghan", "Jarkent", "Urumqi", "Ghulja", "Tacheng", "Altay", "Shikho", "Qaramay", "Korla", "Aqsu", "Kashgar", "Hotan", "Turpan", "Qumul", "Chaghanuz", "Dorbiljin", "Toli", "Emin", "Buratala", "Bortala", "Qorghas", "Nilqa", "Tekes", "Mongghulkure", "Kunes", "Chapchal", "Ile", "Shawan", "Sanji", "Manas", "Fukang", "Jimsar", "Muri", "Barkol", "Qabaq", "Burchin", "Kokdala", "Zhaisan", "Zharkent", "Panfilov", "Narynqol", "Kegen", "Shelek", "Esik", "Talgar", "Qaskeleng", "Uzynagash", "Otegen", "Aqsay", "Sarqan", "Urzhar", "Aiagoz", "Zaisan", "Qatonqaraghai", "Kurshim", "Tarbagatai"]

EVENT_TYPES = ("detention", "arrest", "release", "disappearance", "border_crossing", "asylum_application",
               "criminal_proceeding", "deportation_order", "summons", "forced_labor")
_PATRONYMIC_STYLE = ("uly", "uly", "uly", "ov", "bare")
# Canonical names use capitals for Kazakh letters: Q қ, G ғ, H х, J ж, S ш, Y ы, U ұ, W ү, A ә, O ө,
# I і, N ң. Lower case letters are plain. Renderers turn them into the spellings sources use.
_SCHEMES: dict[str, dict[str, str]] = {
    "scholarly": {"Q": "q", "G": "gh", "H": "kh", "J": "zh", "S": "sh", "Y": "y", "U": "u", "W": "u",
                  "A": "a", "O": "o", "I": "i", "N": "ng", "R": "r", "T": "t", "E": "ye"},
    "russian": {"Q": "k", "G": "g", "H": "kh", "J": "zh", "S": "sh", "Y": "y", "U": "u", "W": "u",
                "A": "a", "O": "o", "I": "i", "N": "n", "R": "r", "T": "t", "E": "ye"},
    "latin2021": {"Q": "q", "G": "ğ", "H": "h", "J": "j", "S": "ş", "Y": "y", "U": "ū", "W": "ü",
                  "A": "ä", "O": "ö", "I": "ı", "N": "ñ", "R": "r", "T": "t", "E": "e"},
    "loose": {"Q": "k", "G": "g", "H": "h", "J": "j", "S": "sh", "Y": "i", "U": "u", "W": "u",
              "A": "e", "O": "o", "I": "i", "N": "ng", "R": "r", "T": "t", "E": "e"},
}
_CYRILLIC = {"Q": "қ", "G": "ғ", "H": "х", "J": "ж", "S": "ш", "Y": "ы", "U": "ұ", "W": "ү", "A": "ә",
             "O": "ө", "I": "і", "N": "ң", "E": "е", "R": "р", "T": "т", "a": "а", "b": "б", "d": "д", "e": "е",
             "g": "г", "i": "и", "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "r": "р",
             "s": "с", "t": "т", "u": "у", "z": "з", "y": "й", "f": "ф", "h": "һ", "q": "қ", "j": "ж",
             "c": "ц", "v": "в", "x": "х", "w": "у"}
_HAN_SYLLABLES = {
    "a": "阿", "ai": "艾", "an": "安", "ba": "巴", "bai": "拜", "be": "别", "bo": "波", "bu": "布",
    "da": "达", "di": "迪", "du": "杜", "e": "额", "ga": "尕", "gu": "古", "ha": "哈", "han": "汗",
    "ja": "加", "jan": "江", "ji": "吉", "ka": "卡", "kan": "坎", "ku": "库", "la": "拉", "lan": "兰",
    "li": "力", "lu": "鲁", "ma": "马", "man": "曼", "mi": "米", "mu": "穆", "na": "纳", "ni": "尼",
    "nu": "努", "pa": "帕", "ra": "热", "sa": "萨", "sai": "赛", "sha": "沙", "su": "苏", "ta": "塔",
    "ti": "提", "tu": "吐", "u": "乌", "ya": "亚", "ye": "叶", "i": "依", "ke": "克", "se": "森",
    "te": "特", "de": "德", "re": "热", "me": "买", "ne": "乃", "le": "勒", "ze": "则", "o": "奥",
    "to": "托", "do": "多", "ro": "肉", "no": "诺", "so": "松", "ko": "阔", "go": "果", "ga ": "尕",
}
_HAN_CONSONANTS = {"k": "克", "s": "斯", "t": "特", "r": "尔", "m": "木", "p": "普", "f": "夫", "d": "德",
                   "b": "布", "g": "格", "h": "赫", "l": "勒", "z": "孜", "n": "恩", "j": "吉", "y": "依",
                   "q": "克", "c": "茨", "v": "夫", "x": "赫", "w": "瓦"}


def render_latin(canonical: str, scheme: str) -> str:
    table = _SCHEMES[scheme]
    out = "".join(table.get(ch, ch) for ch in canonical)
    return out[:1].upper() + out[1:]


def render_cyrillic(canonical: str) -> str:
    out = "".join(_CYRILLIC.get(ch, _CYRILLIC.get(ch.lower(), ch)) for ch in canonical)
    return out[:1].upper() + out[1:]


def render_han(canonical: str) -> str:
    latin = render_latin(canonical, "russian").lower().replace("kh", "h").replace("zh", "j").replace("sh", "s")
    out: list[str] = []
    i = 0
    while i < len(latin):
        for size in (3, 2, 1):
            piece = latin[i:i + size]
            if piece in _HAN_SYLLABLES:
                out.append(_HAN_SYLLABLES[piece])
                i += size
                break
        else:
            out.append(_HAN_CONSONANTS.get(latin[i], ""))
            i += 1
    return "".join(out)


def _canonical(name: str) -> str:
    """Name lists are written in plain Latin with Kazakh letters marked: map the obvious ones."""
    s = name.lower()
    if s.startswith("ye"):
        s = "E" + s[2:]
    for old, new in (("sh", "S"), ("zh", "J"), ("kh", "H"), ("gh", "G"), ("ng", "N")):
        s = s.replace(old, new)
    s = s.replace("q", "Q")
    # y before a vowel is a glide (й), elsewhere the vowel ы
    return "".join("Y" if ch == "y" and (k + 1 == len(s) or s[k + 1] not in "aeiouAOUWI") else ch
                   for k, ch in enumerate(s))


@dataclass(slots=True)
class TruePerson:
    given: str
    father: str
    style: str
    female: bool
    birth_year: int
    home: str
    companion: int | None
    relative: str | None
    events: tuple[str, ...]


def _zipf_choice(rng: random.Random, items: list[str], weights: list[float]) -> str:
    return rng.choices(items, weights)[0]


def _given_pool(base: list[str], rng: random.Random, extra: int) -> list[str]:
    """The listed names plus compounds (Nur + bolat), so that the name space is realistically large."""
    pool = list(dict.fromkeys(base))
    heads = [n[: max(2, len(n) // 2)] for n in base]
    tails = [n[len(n) // 2:].lower() for n in base]
    seen = set(pool)
    while len(pool) < len(base) + extra:
        name = rng.choice(heads) + rng.choice(tails)
        if 4 <= len(name) <= 11 and name not in seen:
            seen.add(name)
            pool.append(name)
    return pool


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 1)
    op = rng.random()
    letters = "aeioulnrstkmb"
    if op < 0.4:
        return word[:i] + rng.choice(letters) + word[i + 1:]
    if op < 0.7:
        return word[:i] + word[i + 1:]
    return word[:i] + rng.choice(letters) + word[i:]


def generate(n_mentions: int, seed: int, *, people: list[TruePerson] | None = None,
             ) -> tuple[list[dict[str, object]], list[int]]:
    """`n_mentions` mention rows (name forms as written, age, document year, place...) and their truth.

    Each row also carries `shape` (how its name is written: `full`, `initial`, `surname only`, `han`,
    `typo`...), which the resolver never sees and the error breakdown uses. With `people`, the
    invented persons are appended to it (truth ids index it).
    """
    rng = random.Random(seed)
    male = _given_pool(KAZAKH_MALE + UYGHUR_MALE, rng, 5000)
    female = _given_pool(KAZAKH_FEMALE + UYGHUR_FEMALE, rng, 2500)
    male_w = [1.0 / (i + 30) ** 0.9 for i in range(len(male))]
    female_w = [1.0 / (i + 30) ** 0.9 for i in range(len(female))]
    place_w = [1.0 / (i + 3) for i in range(len(PLACES))]
    persons: list[TruePerson] = []
    counts: list[int] = []
    total = 0
    while total < n_mentions:
        female_p = rng.random() < 0.4
        given = _zipf_choice(rng, female if female_p else male, female_w if female_p else male_w)
        father = _zipf_choice(rng, male, male_w)
        p = TruePerson(given=given, father=father, style=rng.choice(_PATRONYMIC_STYLE), female=female_p,
                       birth_year=rng.randint(1940, 2012), home=_zipf_choice(rng, PLACES, place_w),
                       companion=None, relative=_zipf_choice(rng, male, male_w) if rng.random() < 0.4 else None,
                       events=tuple(f"{rng.choice(EVENT_TYPES)}|{rng.randint(2014, 2023)}-{rng.randint(1, 12):02d}"
                                    for _ in range(rng.randint(1, 3))))
        if persons and rng.random() < 0.3:
            p.companion = rng.randrange(len(persons))
        persons.append(p)
        k = min(1 + int(rng.expovariate(1 / 2.2)), 40, n_mentions - total)
        counts.append(k)
        total += k
    rows: list[dict[str, object]] = []
    truth: list[int] = []
    doc = 0
    for pid, (p, k) in enumerate(zip(persons, counts, strict=True)):
        for _ in range(k):
            doc += 1
            rows.append(_mention(rng, p, persons, doc))
            truth.append(pid)
    if people is not None:
        people.extend(persons)
    order = list(range(len(rows)))
    rng.shuffle(order)
    return [rows[i] for i in order], [truth[i] for i in order]


def _surname(rng: random.Random, p: TruePerson, script: str, scheme: str) -> str:
    father = _canonical(p.father)
    if p.style == "uly":
        suffix = "QYzY" if p.female else "UlY"
        if script == "latin" and rng.random() < 0.25:
            suffix = rng.choice(("uli", "ulı")) if not p.female else rng.choice(("kizi", "qızı"))
            return render_latin(father, scheme) + suffix
        canonical = father + suffix
    elif p.style == "ov":
        ending = "ov" if father[-1] not in "aeiouy" else "ev"
        canonical = father + ending + ("a" if p.female else "")
    else:
        canonical = father
    if script == "cyrillic":
        return render_cyrillic(canonical)
    return render_latin(canonical, scheme)


def _mention(rng: random.Random, p: TruePerson, persons: list[TruePerson], doc: int) -> dict[str, object]:
    r = rng.random()
    script = "latin" if r < 0.80 else ("cyrillic" if r < 0.96 else "han")
    scheme = rng.choice(tuple(_SCHEMES))
    given_c = _canonical(p.given)
    if script == "han":
        given = render_han(given_c)
        surname = render_han(_canonical(p.father))
    elif script == "cyrillic":
        given = render_cyrillic(given_c)
        surname = _surname(rng, p, script, scheme)
    typo = False
    if script == "latin":
        given = render_latin(given_c, scheme)
        surname = _surname(rng, p, script, scheme)
        if rng.random() < 0.05:
            typo = True
            if rng.random() < 0.5:
                given = _typo(rng, given)
            else:
                surname = _typo(rng, surname)
    form = rng.random()
    if script == "han":
        names, shape = [f"{given}·{surname}"], "han"
    elif form < 0.80:
        names, shape = [f"{given} {surname}"], "full"
    elif form < 0.86:
        names, shape = [f"{surname} {given}"], "surname first"
    elif form < 0.91:
        names, shape = [f"{given[0]}. {surname}"], "initial"
    elif form < 0.935:
        names, shape = [surname], "surname only"
    elif form < 0.95:
        names, shape = [given], "given only"
    else:
        names, shape = [f"{given} {surname}", surname], "full + alias"
    if typo:
        shape = "typo"
    elif script == "cyrillic" and shape in ("full", "surname first", "full + alias"):
        shape = "cyrillic"
    doc_year = rng.randint(2017, 2024)
    birth_year = None
    if rng.random() < 0.6:
        age = doc_year - p.birth_year - (1 if rng.random() < 0.4 else 0)
        if rng.random() < 0.02:
            age += rng.choice((-3, -2, 2, 3))
        birth_year = doc_year - age
    places = [p.home if rng.random() < 0.85 else rng.choice(PLACES)] if rng.random() < 0.5 else []
    co = []
    if p.companion is not None and rng.random() < 0.5:
        comp = persons[p.companion]
        co.append(render_latin(_canonical(comp.father), "russian") + "uly")
    relatives = [render_latin(_canonical(p.relative), scheme)] if p.relative and rng.random() < 0.2 else []
    events = [e for e in p.events if rng.random() < 0.4]
    return {"names": names, "birth_year": birth_year, "events": events,
            "gender": ("female" if p.female else "male") if rng.random() < 0.5 else None,
            "places": places, "co_persons": co, "relatives": relatives, "document": doc, "shape": shape}


def features_of(rows: list[dict[str, object]]) -> list[MentionFeatures]:
    from aigak.resolve.features import MentionFeatures as MF
    from aigak.resolve.names import parse_name

    out = []
    for row in rows:
        co = [parse_name(c).stems[-1] for c in row["co_persons"]]  # type: ignore[union-attr]
        out.append(MF.build(row["names"], birth_year=row["birth_year"], gender=row["gender"],  # type: ignore[arg-type]
                            places=row["places"], relatives=row["relatives"], co_persons=co,  # type: ignore[arg-type]
                            events=row["events"],  # type: ignore[arg-type]
                            document=row["document"]))  # type: ignore[arg-type]
    return out


def pairwise_scores(labels: list[int], truth: list[int]) -> tuple[float, float, float, int, int, int]:
    """Pairwise precision, recall and F1 from cluster sizes (linear: no pair is listed)."""
    def pairs(counter: Counter[object]) -> int:
        return sum(c * (c - 1) // 2 for c in counter.values())

    predicted = pairs(Counter(labels))
    actual = pairs(Counter(truth))
    true_pos = pairs(Counter(zip(labels, truth, strict=True)))
    precision = true_pos / predicted if predicted else 1.0
    recall = true_pos / actual if actual else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, true_pos, predicted, actual


_SHAPE_ORDER = ("given only", "surname only", "han", "initial", "typo", "cyrillic", "surname first",
                "full + alias", "full")


def _has_evidence(row: dict[str, object]) -> bool:
    return bool(row["birth_year"] or row["places"] or row["events"] or row["relatives"] or row["co_persons"])


def error_breakdown(rows: list[dict[str, object]], truth: list[int], labels: list[int],
                    people: list[TruePerson]) -> dict[str, dict[str, int]]:
    """Where the pairwise errors come from (linear in the mentions, not in the pairs of a cluster).

    False merges are counted by why the two joined people could be confused: the same full name
    (namesakes), one name in common, or different names. Missed pairs are counted by the weaker of
    the two mentions' written shapes. `bound` counts true pairs that involve a lone given name or
    surname with no other evidence at all: no method can place such a mention among its namesakes.
    """
    by_label: dict[int, Counter[int]] = {}
    by_person: dict[int, list[int]] = {}
    for i, (lab, pid) in enumerate(zip(labels, truth, strict=True)):
        by_label.setdefault(lab, Counter())[pid] += 1
        by_person.setdefault(pid, []).append(i)
    false: Counter[str] = Counter()
    for counts in by_label.values():
        if len(counts) < 2:
            continue
        items = list(counts.items())
        if len(items) > 60:
            total = sum(c for _, c in items)
            false["giant cluster"] += (total * total - sum(c * c for _, c in items)) // 2
            continue
        for x in range(len(items)):
            px, cx = people[items[x][0]], items[x][1]
            for y in range(x + 1, len(items)):
                py, cy = people[items[y][0]], items[y][1]
                same_given, same_father = px.given == py.given, px.father == py.father
                if same_given and same_father:
                    cause = "namesakes, births within 2 y" if abs(px.birth_year - py.birth_year) <= 2 else \
                        "namesakes, births apart"
                elif same_given or same_father:
                    cause = "one name shared"
                else:
                    cause = "different names"
                false[cause] += cx * cy
    missed: Counter[str] = Counter()
    bound: Counter[str] = Counter()
    rank = {s: k for k, s in enumerate(_SHAPE_ORDER)}
    for idx in by_person.values():
        for x in range(len(idx)):
            i = idx[x]
            for y in range(x + 1, len(idx)):
                j = idx[y]
                weak = min(str(rows[i]["shape"]), str(rows[j]["shape"]), key=rank.__getitem__)
                lone = [k for k in (i, j) if rows[k]["shape"] in ("given only", "surname only")]
                if any(not _has_evidence(rows[k]) for k in lone):
                    bound["lone name, no evidence"] += 1
                bound["true pairs"] += 1
                if labels[i] != labels[j]:
                    missed[weak] += 1
    return {"false merges": dict(false.most_common()), "missed": dict(missed.most_common()),
            "bound": dict(bound)}


class PeakRss:
    """Peak memory of this process and its worker processes, sampled every 0.2 s (MiB).

    Each process counts its proportional set size (PSS), so pages that forked workers share with
    this process are counted once; where PSS is not available, resident size is used.
    """

    def __init__(self) -> None:
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def _tree(pid: int) -> list[int]:
        out = [pid]
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as fh:
                    for child in fh.read().split():
                        out.extend(PeakRss._tree(int(child)))
        except OSError:
            pass
        return out

    @staticmethod
    def _memory_kib(pid: int) -> int:
        for path, field in ((f"/proc/{pid}/smaps_rollup", "Pss:"), (f"/proc/{pid}/status", "VmRSS:")):
            try:
                with open(path) as fh:
                    for line in fh:
                        if line.startswith(field):
                            return int(line.split()[1])
            except OSError:
                continue
        return 0

    def _total_mib(self) -> float:
        pids = self._tree(os.getpid())
        total = sum(self._memory_kib(p) for p in pids)
        if total == 0:
            return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return total / 1024

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._total_mib())
            time.sleep(0.2)

    def __enter__(self) -> PeakRss:  # noqa: PYI034
        self.peak = self._total_mib()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._total_mib())


def run_aigak(rows: list[dict[str, object]], truth: list[int], workers: int,
              labels_out: list[int] | None = None) -> dict[str, float]:
    gc.collect()
    stages: dict[str, float] = {}
    start = time.perf_counter()
    last = [start, ""]

    def on_stage(name: str) -> None:
        now = time.perf_counter()
        if last[1]:
            stages[str(last[1])] = now - float(last[0])
        last[0], last[1] = now, name

    with PeakRss() as mem:
        on_stage("features")
        feats = features_of(rows)
        result = resolve_batch(feats, workers=workers, on_stage=on_stage)
        on_stage("")
    wall = time.perf_counter() - start
    p, r, f1, *_ = pairwise_scores(result.labels, truth)
    if labels_out is not None:
        labels_out.extend(result.labels)
    return {"wall_s": wall, "peak_rss_mib": mem.peak, "precision": p, "recall": r, "f1": f1,
            "pairs_scored": result.pairs_scored, "merges": result.merges, "refused": result.refused,
            **{f"stage_{k}_s": v for k, v in stages.items()}}


def run_splink(rows: list[dict[str, object]], truth: list[int], *, folded: bool = False) -> dict[str, float] | str:
    """splink 5 on DuckDB over the same rows.

    With `folded`, names are first folded by aigak (`Qaster`, `Қастер` -> `kaster`; patronymic endings
    stripped), so that the comparison isolates scoring and clustering from transliteration.
    """
    try:
        import pandas as pd
        import splink.comparison_level_library as cll
        import splink.comparison_library as cl
        from splink import DuckDBAPI, Linker, SettingsCreator, block_on
    except ImportError as exc:
        return f"splink not available ({exc}); install the bench extra: pip install -e '.[bench]'"
    import logging

    from anyascii import anyascii

    logging.getLogger("splink").setLevel(logging.ERROR)
    gc.collect()
    start = time.perf_counter()
    with PeakRss() as mem:
        # The same rows, prepared as a splink user would: transliterated to ASCII and lower-cased,
        # first token as first name and last token as surname.
        from aigak.resolve.names import parse_name

        records = []
        for i, row in enumerate(rows):
            name = str(row["names"][0])  # type: ignore[index]
            if folded:
                tokens = list(parse_name(name).stems)
            else:
                tokens = [t for t in anyascii(name.replace("·", " ")).lower().replace(".", " ").split() if t]
            first = tokens[0] if len(tokens) > 1 else None
            surname = tokens[-1] if tokens else None
            places = row["places"]
            records.append({"unique_id": i, "first_name": first, "surname": surname,
                            "birth_year": row["birth_year"], "gender": row["gender"],
                            "place": anyascii(str(places[0])).lower() if places else None})  # type: ignore[index]
        df = pd.DataFrame.from_records(records)
        db_api = DuckDBAPI()
        sdf = db_api.register(df, dataset_display_name="mentions")
        settings = SettingsCreator(
            link_type="dedupe_only",
            comparisons=[
                cl.NameComparison("first_name"),
                cl.NameComparison("surname"),
                cl.CustomComparison(
                    [cll.NullLevel("birth_year"), cll.ExactMatchLevel("birth_year"),
                     cll.AbsoluteDifferenceLevel("birth_year", 1), cll.AbsoluteDifferenceLevel("birth_year", 2),
                     cll.ElseLevel()],
                    output_column_name="birth_year"),
                cl.ExactMatch("gender"),
                cl.ExactMatch("place"),
            ],
            blocking_rules_to_generate_predictions=[
                block_on("substr(first_name,1,3)", "substr(surname,1,3)"),
                block_on("surname", "birth_year"),
                block_on("first_name", "birth_year"),
            ],
            retain_intermediate_calculation_columns=False,
            retain_matching_columns=False,
        )
        linker = Linker(sdf, settings, log_level=None)
        linker.training.estimate_probability_two_random_records_match(
            [block_on("first_name", "surname", "birth_year")], recall=0.6)
        linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
        linker.training.estimate_parameters_using_expectation_maximisation(block_on("first_name", "surname"))
        linker.training.estimate_parameters_using_expectation_maximisation(block_on("birth_year", "place"))
        predictions = linker.inference.predict(threshold_match_probability=0.5)
        clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
            predictions, threshold_match_probability=0.5)
        table = clusters.as_pandas_dataframe()[["unique_id", "cluster_id"]]
        label_of = dict(zip(table["unique_id"].tolist(), table["cluster_id"].tolist(), strict=True))
        labels = [label_of[i] for i in range(len(rows))]
    wall = time.perf_counter() - start
    p, r, f1, *_ = pairwise_scores(labels, truth)
    return {"wall_s": wall, "peak_rss_mib": mem.peak, "precision": p, "recall": r, "f1": f1}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mentions", type=int, default=1_000_000, help="How many mentions to generate.")
    parser.add_argument("--seed", type=int, default=7, help="Random seed of the generator.")
    parser.add_argument("--workers", type=int, default=2, help="Processes that score pairs.")
    parser.add_argument("--no-splink", action="store_true", help="Skip the splink comparison.")
    parser.add_argument("--breakdown", action="store_true",
                        help="Also print where aigak's errors come from (false merges, missed pairs by shape).")
    parser.add_argument("--splink-names", choices=("raw", "folded", "both"), default="both",
                        help="Give splink names transliterated to ASCII (raw), folded by aigak, or run both.")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    people: list[TruePerson] = []
    rows, truth = generate(args.mentions, args.seed, people=people)
    print(f"generated {len(rows):,} mentions of {len(set(truth)):,} people in {time.perf_counter() - t0:.1f} s")
    labels: list[int] = []
    results: dict[str, dict[str, float] | str] = {"aigak": run_aigak(rows, truth, args.workers, labels)}
    if args.breakdown:
        for part, counts in error_breakdown(rows, truth, labels, people).items():
            print(f"{part}: " + ", ".join(f"{k}={v:,}" for k, v in counts.items()))
    del labels
    if not args.no_splink:
        if args.splink_names in ("raw", "both"):
            results["splink 5"] = run_splink(rows, truth)
        if args.splink_names in ("folded", "both"):
            results["splink+fold"] = run_splink(rows, truth, folded=True)
    print(f"{'system':<12} {'wall s':>8} {'peak MiB':>9} {'precision':>9} {'recall':>7} {'F1':>6}")
    for name, res in results.items():
        if isinstance(res, str):
            print(f"{name:<12} {res}")
            continue
        print(f"{name:<12} {res['wall_s']:>8.1f} {res['peak_rss_mib']:>9.0f} {res['precision']:>9.4f} "
              f"{res['recall']:>7.4f} {res['f1']:>6.4f}")
    extra = results["aigak"]
    if isinstance(extra, dict):
        details = ", ".join(f"{k}={v:.1f}" if isinstance(v, float) else f"{k}={v:,}"
                            for k, v in extra.items() if k.startswith("stage_") or k in ("pairs_scored", "merges", "refused"))
        print("aigak detail:", details)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
