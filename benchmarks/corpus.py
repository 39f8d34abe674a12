"""Generated fictional articles for benchmarks: varied names, places, dates and events, reproducible."""

from __future__ import annotations

import random
from collections.abc import Iterator

__all__ = ["generate_articles", "generate_news", "person_names"]

GIVEN = ["Aigerim", "Nurlan", "Serik", "Gulnar", "Yerlan", "Dana", "Marat", "Saule", "Askar", "Aizhan",
         "Berik", "Zhanar", "Talgat", "Madina", "Erbol", "Kuanysh", "Mehmet", "Abdurahman", "Gulbahar", "Ilham"]
SURNAMES = ["Tursunuly", "Serikkyzy", "Omarov", "Nurlanova", "Kadyrbek", "Abdrakhmanov", "Zhaksylyk",
            "Tokhtar", "Seitkali", "Beisenova", "Imin", "Tokhti", "Mamyrov", "Kasymova", "Ospan"]
PLACES = ["Ghulja", "Tacheng", "Altay", "Urumqi", "Kashgar", "Hotan", "Aksu", "Bortala", "Changji", "Karamay"]
KZ = ["Almaty", "Zharkent", "Taldykorgan", "Astana", "Shymkent", "Oskemen", "Semey"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
FILLER = ("The family asked that their relatives' names be withheld. Neighbours said the village had changed "
          "beyond recognition, with checkpoints at every crossing and cameras above the market. ")


def _article(rng: random.Random, i: int, words: int) -> str:
    name = f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)}"
    first = name.split()[0]
    y = rng.randint(2014, 2020)
    m1, m2 = rng.sample(MONTHS, 2)
    age = rng.randint(19, 70)
    parts = [
        (f"{rng.choice(KZ).upper()}, {rng.randint(1, 28)} {rng.choice(MONTHS)} {y + 2} — "
        f"{name}, {age}, an ethnic Kazakh from {rng.choice(PLACES)}, says police detained him in {m1} {y}."),
        f"\u201cThey kept me for {rng.randint(2, 30)} months in the camp and beat me,\u201d {first} said.",
        f"He was released in {m2} {y + 1} and crossed the border into Kazakhstan on {rng.randint(1, 28)} {m2}.",
        (f"His brother is still detained in {rng.choice(PLACES)}. The family paid a fine of "
        f"{rng.randint(1, 90) * 1000:,} yuan."),
        f"{first} applied for asylum in {rng.choice(KZ)}; a court hearing is set for {rng.choice(MONTHS)} {y + 3}.",
        f"Case number {i}.",
    ]
    text = " ".join(parts)
    while len(text.split()) < words:
        text += " " + FILLER
    return text


def generate_articles(n: int, *, seed: int = 7, words: tuple[int, int] = (300, 800)) -> Iterator[str]:
    """`n` distinct fictional articles of `words` length, the same for the same seed."""
    rng = random.Random(seed)
    for i in range(n):
        yield _article(rng, i, rng.randint(*words))


# --- A wider corpus for the scale benchmark: many distinct people, so a name matches a few articles ---

_ROOTS = ["Abdu", "Ak", "Alma", "Ar", "Asyl", "Bay", "Bek", "Bol", "Dau", "Er", "Gul", "Ily", "Jan", "Kai", "Kana",
          "Kun", "Mukh", "Nur", "Ora", "Rakh", "Sa", "Sei", "Shyn", "Tal", "Tem", "Tok", "Tur", "Uly", "Yer", "Zhan"]
_SUFFIXES = ["bek", "bayev", "khan", "uly", "kyzy", "ov", "ova", "muratov", "jan", "tay"]
_GIVEN_WIDE = GIVEN + ["Alibek", "Bakhyt", "Dilnaz", "Erlan", "Gaukhar", "Khalida", "Murat", "Nazira", "Olzhas",
                       "Raikhan", "Sayragul", "Timur", "Ulbolsyn", "Zhanibek", "Kairat", "Ainur", "Daniyar",
                       "Meruyert", "Rustem", "Torgyn"]
_PLACES_WIDE = PLACES + ["Yining", "Korgas", "Emin", "Shihezi", "Turpan", "Hami", "Kuytun", "Qapqal", "Nilka",
                         "Mongolkure"]
_KZ_WIDE = KZ + ["Kordai", "Ush-Tobe", "Ekibastuz", "Pavlodar", "Aktobe"]
_EVENTS = [
    "{name}, {age}, from {place}, was detained by police in {m1} {y} and held in a camp for {n} months.",
    "Relatives said {name} disappeared after a summons to the police station in {place} in {m1} {y}.",
    "{name} was sentenced to {n} years in prison in {m1} {y}, according to a court document.",
    "In {m1} {y}, {name} crossed the border into Kazakhstan at Khorgos.",
    "{name} applied for asylum in {kz} in {m2} {y2}; the application was rejected.",
    "Police confiscated the passport of {name} in {place} in {m1} {y}.",
    "{name} said guards forced detainees to work in a factory in {place} for {n} months.",
    "The family of {name} paid a fine of {money} yuan in {m2} {y2}.",
    "{name} was released in {m2} {y2} and placed under house arrest.",
    "A court in {kz} ordered the deportation of {name} in {m2} {y2}.",
]
_FILLERS = [
    "Neighbours said the village had changed beyond recognition, with checkpoints at every crossing.",
    "Cameras were installed above the market and outside the mosque, residents said.",
    "The family asked that the names of relatives still in China be withheld.",
    "Officials in {place} did not respond to requests for comment.",
    "Rights groups have documented hundreds of similar accounts since {y}.",
    "The ministry of foreign affairs declined to comment on individual cases.",
    "Several witnesses described overcrowded cells and constant surveillance.",
    "Lawyers in {kz} say asylum hearings are often postponed without explanation.",
    "Local media reported on the case in {m2} {y2}, citing the family.",
    "Teachers, farmers and retired officials were among those held, according to relatives.",
    "Phone calls with relatives abroad were monitored, several people said.",
    "The camp near {place} was expanded in {y}, satellite images show.",
]


def _wide_name(rng: random.Random) -> str:
    return f"{rng.choice(_GIVEN_WIDE)} {rng.choice(_ROOTS)}{rng.choice(_SUFFIXES)}"


def person_names(n: int, *, seed: int = 7, words: tuple[int, int] = (150, 400)) -> list[str]:
    """The main person's name of each of the first `n` articles of `generate_news` (for search queries)."""
    return [text.split(" — ", 1)[1].split(",", 1)[0] for text in generate_news(n, seed=seed, words=words)]


def generate_news(n: int, *, seed: int = 7, words: tuple[int, int] = (150, 400)) -> Iterator[str]:
    """`n` distinct fictional news articles with a wide vocabulary: about 10,000 person names, 35 places,
    ten event kinds and a pool of background sentences, `words` long. The same for the same seed."""
    rng = random.Random(seed)
    for i in range(n):
        name = _wide_name(rng)
        y = rng.randint(2014, 2021)
        fields = {"name": name, "age": rng.randint(19, 75), "place": rng.choice(_PLACES_WIDE),
                  "kz": rng.choice(_KZ_WIDE), "m1": rng.choice(MONTHS), "m2": rng.choice(MONTHS), "y": y,
                  "y2": y + 1, "n": rng.randint(2, 30), "money": f"{rng.randint(1, 90) * 1000:,}"}
        lead = (f"{rng.choice(_KZ_WIDE).upper()}, {rng.randint(1, 28)} {rng.choice(MONTHS)} {y + 2} — "
                f"{name}, {fields['age']}, an ethnic Kazakh from {fields['place']}, told reporters about "
                f"{'his' if rng.random() < 0.5 else 'her'} detention.")
        parts = [lead] + [t.format(**fields) for t in rng.sample(_EVENTS, rng.randint(3, 6))]
        other = {**fields, "name": _wide_name(rng), "place": rng.choice(_PLACES_WIDE)}
        parts.append(rng.choice(_EVENTS).format(**other))
        parts.append(f"Case file {i}.")
        target = rng.randint(*words)
        text = " ".join(parts)
        while len(text.split()) < target:
            text += " " + rng.choice(_FILLERS).format(**fields)
        yield text
