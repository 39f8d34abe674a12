"""Extraction on styles the rules were not written from.

A report paragraph with footnote markers, a UN communication in legal register, a translated local
news item (surname-first names, 12.04.2021 dates), a relative's blog post, an appeal ruling, a radio
transcript, a press release with contact boilerplate and a family story with a death in custody;
then a wire story, a magazine interview with first-name speaker labels, a signed first-person
account, a lawyer's asylum case summary, a messaging-channel post and a list of detained relatives;
then a live court report, a US-style news item, three cases told side by side, a call-in programme
and a supreme court decision on a refugee claim.
Every text is fictional, written for this test; the assertions are the facts a documenter would
take from it, and the mistakes they would catch.
"""

from __future__ import annotations

from typing import Any

import pytest

from aigak.extract.run import extract_text

REPORT = (
    'In one case documented by Human Rights Watch, Erbol Sarsenbayev, a 43-year-old ethnic Kazakh '
    'livestock trader from Chapchal county, was detained by police in Ghulja on 14 August 2018.[12] His '
    'wife, Aigerim Sarsenbayeva, told Human Rights Watch that officers searched their home the same night '
    'and confiscated his passport and two mobile phones.[13] He was held for several months in a '
    '"vocational training" facility in Ghulja, where, according to a former detainee interviewed '
    'separately, detainees were beaten with batons and deprived of sleep.[14] Sarsenbayev was released in '
    'March 2019 but remains under surveillance; he must report to the local police station every '
    'week.[15] Human Rights Watch was unable to independently verify all details of his account.[16]\n'
)

UN_COMMUNICATION = (
    'Communication No. 3147/2020\n'
    'Submitted by: Gulmira Tokhtarova (represented by counsel, Marat Yeleusizov)\n'
    "Alleged victim: The author's son, Nurlybek Tokhtarov\n"
    'State party: Kazakhstan\n'
    'Date of communication: 11 May 2020\n'
    '\n'
    '1.1 The author of the communication is Gulmira Tokhtarova, a national of Kazakhstan born in 1961. '
    'She submits the communication on behalf of her son, Nurlybek Tokhtarov, a national of Kazakhstan '
    "born in 1988. She claims that the State party has violated her son's rights under articles 7, 9 and "
    '14 of the Covenant.\n'
    '\n'
    "2.1 On 3 February 2019, the author's son was arrested by officers of the National Security Committee "
    'in Shymkent on suspicion of "propaganda of terrorism". He was held incommunicado for 72 hours and '
    'was not informed of the charges against him.\n'
    '\n'
    "2.2 On 28 June 2019, the Shymkent City Court convicted him and sentenced him to seven years' "
    "imprisonment. The author claims that her son's confession was obtained under duress. On 15 October "
    '2019, the Turkistan Regional Court rejected his appeal.\n'
    '\n'
    '3.1 The author claims that her son was beaten during his pre-trial detention in order to make him '
    'confess, in violation of article 7 of the Covenant.\n'
)

TRANSLATED_LOCAL_NEWS = (
    'Rezonans-KZ | 14.04.2021\n'
    '\n'
    'Border violator detained near Zharkent\n'
    '\n'
    'On 12.04.2021 border guards of the Department of the Border Service for Almaty region detained a '
    'citizen of the PRC, Ospanov Serik Bolatovich, born 1979, who illegally crossed the state border of '
    'the Republic of Kazakhstan in the area of the village of Koktal. According to the press service of '
    'the department, the detainee explained that he fled from China because of the persecution of his '
    'relatives. A pre-trial investigation has been started under Article 392 of the Criminal Code of the '
    'RK. Ospanov S.B. has been placed in the temporary detention facility of the Panfilov district police '
    'department. The court will decide on the measure of restraint on 16.04.\n'
)

BLOG_POST = (
    'My brother Yerzhan has been gone for three years now\n'
    '\n'
    'Posted by Dinara K. on 2 March 2021\n'
    '\n'
    "I haven't written here for a while. Today is exactly three years since my brother Yerzhan Kaliyev "
    'was taken from his home in Kuytun. He was 34 then. The police came at night, my sister-in-law says, '
    "and they didn't even let him put on his shoes. We found out later that he was sent to a camp near "
    'Kuytun. In 2019 a neighbour told my mother that he had been transferred to a prison in Urumqi and '
    'sentenced to 15 years, but nobody has ever shown us a court document.\n'
    '\n'
    'Mum is 71 now and her heart is weak. Every week she asks me if there is news. I have written to the '
    'Chinese embassy in Astana four times. They never answered.\n'
    '\n'
    'If you know anything about Yerzhan, please write to me. Share this post.\n'
    '\n'
    'Comments (3)\n'
)

APPEAL_RULING = (
    'ZHAMBYL REGIONAL COURT\n'
    'Appellate Judicial Panel for Criminal Cases\n'
    '\n'
    'RULING\n'
    'Case No. 2-118/2022\n'
    'Taraz, 9 August 2022\n'
    '\n'
    'The appellate panel, composed of presiding judge A. Sultanov and judges B. Ermekova and K. Dauletov, '
    'having examined in open session the appeal of defence counsel S. Abenova against the verdict of the '
    'Taraz City Court of 21 June 2022, by which Turdiev Akmal Rustamovich, born 14 March 1990 in Andijan, '
    'a citizen of the Republic of Uzbekistan, previously not convicted, was convicted under Article 392 '
    'part 1 of the Criminal Code and sentenced to one year of restriction of liberty with expulsion from '
    'the Republic of Kazakhstan,\n'
    '\n'
    'ESTABLISHED:\n'
    '\n'
    'On the night of 2 April 2022, Turdiev crossed the state border from Uzbekistan into Kazakhstan '
    'outside a checkpoint near the village of Zhibek Zholy. He was detained by border guards on 3 April '
    '2022. In the appeal, the defence argued that Turdiev had fled persecution in Uzbekistan and should '
    'have been recognised as a refugee. The panel finds no grounds to change the verdict.\n'
    '\n'
    'RULED:\n'
    '\n'
    'The verdict of the Taraz City Court of 21 June 2022 in respect of Turdiev A.R. is upheld; the appeal '
    'of defence counsel S. Abenova is dismissed.\n'
)

RADIO_TRANSCRIPT = (
    'STEPPE RADIO — "Evening Hour", broadcast 18 November 2020\n'
    'Transcript\n'
    '\n'
    'HOST: Good evening. With me in the studio is Aliya Nurmukhanbetova, whose father has been missing in '
    'Xinjiang since 2017. Aliya, thank you for coming.\n'
    '\n'
    'GUEST: Thank you for having me.\n'
    '\n'
    'HOST: When did you last hear from your father?\n'
    '\n'
    'GUEST: In April 2017. He called me from Tacheng and said the police had taken his passport. Two '
    'weeks later his phone was switched off. My aunt told me he was taken to a camp in Dorbiljin. We have '
    'heard nothing since.\n'
    '\n'
    'HOST: Have you contacted the authorities here in Kazakhstan?\n'
    '\n'
    'GUEST: Yes. I wrote to the Foreign Ministry in 2018 and again in 2019. They said they would ask the '
    'Chinese side. Last year I went to the Chinese consulate in Almaty with a photograph of him and stood '
    'outside for a whole day.\n'
    '\n'
    'HOST: Aliya Nurmukhanbetova, thank you.\n'
)

PRESS_RELEASE = (
    'PRESS RELEASE\n'
    'For immediate release — 5 October 2021\n'
    '\n'
    'Kazakhstan: Release activist Bakhytzhan Tokenov\n'
    '\n'
    'Almaty — The Steppe Rights Initiative calls on the Kazakh authorities to immediately release '
    'Bakhytzhan Tokenov, a 29-year-old activist who was arrested on 28 September 2021 after he held a '
    'single-person picket in front of the Chinese consulate in Almaty. On 30 September the Medeu District '
    'Court sentenced him to 15 days of administrative detention for "violating the procedure for holding '
    'peaceful assemblies".\n'
    '\n'
    '"Peaceful protest is not a crime," said Dana Yesimova, director of the Steppe Rights Initiative. '
    '"Tokenov must be freed."\n'
    '\n'
    'Tokenov has campaigned since 2018 for the release of ethnic Kazakhs held in Xinjiang. In 2020 he was '
    'fined twice.\n'
    '\n'
    'ENDS\n'
    '\n'
    'For more information, contact:\n'
    'Dana Yesimova, Director\n'
    'Steppe Rights Initiative\n'
    'Tel: +7 701 555 0199\n'
    'Email: press@steppe-rights.example\n'
    'www.steppe-rights.example\n'
    '\n'
    'Notes to editors:\n'
    'The Steppe Rights Initiative is an independent human rights group founded in 2015 in Almaty.\n'
)

FAMILY_STORY = (
    'The Abenov family\n'
    '\n'
    'Kairat Abenov, a 67-year-old retired schoolteacher from Shonzhy, travelled to Xinjiang in May 2017 '
    'to visit his sister. He never came back. His son Timur, 35, says Chinese police detained his father '
    'in Ghulja on 20 May 2017 and took him to a re-education camp.\n'
    '\n'
    'In January 2019 the family learnt that Kairat had died in custody. "They told us he had a heart '
    'attack," said Timur. "He was aged 67 and had never had heart problems." His body was not returned to '
    'the family.\n'
    '\n'
    "Kairat's wife, Raushan Abenova, who is 64, has since appealed to the United Nations. Their daughter, "
    'aged 30, lives in Almaty.\n'
)

WIRE_STORY = (
    "Uyghur poet's daughter says he is serving 16 years\n"
    '\n'
    'ISTANBUL (AP) — The daughter of a Uyghur poet who disappeared in Xinjiang in 2017 said Thursday that '
    'she had received word that her father was sentenced to 16 years in prison for "separatism".\n'
    '\n'
    'Mehray Turghun, 29, who lives in Istanbul, said a relative in Urumqi told her by phone last month '
    'that her father, Abdukerim Turghun, 61, had been convicted in a closed trial in 2019. She said she '
    'had not been allowed to see any court papers.\n'
    '\n'
    '"He wrote poems about his village. That is all," she said.\n'
    '\n'
    'China\'s Foreign Ministry spokesman Wang Lei said at a regular briefing in Beijing that "so-called '
    'disappearances" were lies spread by anti-China forces and that all residents of Xinjiang enjoy '
    'freedom. Rights groups say more than one million Uyghurs and other Muslims have been held in camps '
    'since 2017.\n'
    '\n'
    'The AP could not independently confirm the sentence.\n'
)

MAGAZINE_INTERVIEW = (
    '"They shaved our heads on the first day"\n'
    '\n'
    'Gulbahar Nurmamat spent 14 months in a camp in Aksu. She now lives in Almaty with her two children. '
    'We met her in December 2020.\n'
    '\n'
    'Where were you when they came for you?\n'
    '\n'
    'Gulbahar: At home, in Aksu. It was 2 February 2018, in the evening. Four officers came. They said I '
    'had to go with them for a few hours.\n'
    '\n'
    'What happened in the camp?\n'
    '\n'
    'Gulbahar: They shaved our heads on the first day. We had to sing songs in Chinese before every meal. '
    'When I cried, a guard hit me with a baton. In April 2019 they let me go, but only after I signed a '
    'paper promising not to talk.\n'
    '\n'
    'How did you get to Kazakhstan?\n'
    '\n'
    'Gulbahar: My husband is a Kazakh citizen. In September 2019 I got a visa and flew to Almaty with the '
    'children. My husband stayed behind; he was arrested in October 2019 and I do not know where he is.\n'
)

SIGNED_TESTIMONY = (
    'I was a teacher for twenty-two years. In the summer of 2017 the school director called me in and '
    'said that teachers who had relatives abroad had to study again. I was sent to a "training" in Tekes '
    'county with other women. It was not a training. We were kept in rooms with bars on the windows and '
    'we could not go home.\n'
    '\n'
    'After eight months I was released because my blood pressure was very high. The police kept my '
    'passport. In 2019 my son, who lives in Kazakhstan, sent an invitation, and after many requests I was '
    'given a passport again. I crossed at Khorgos on 5 August 2019. I have applied for a residence '
    'permit.\n'
    '\n'
    'I am writing this so that my colleagues who are still there are not forgotten.\n'
    '\n'
    '— Zhanar Bekmukhanbetova, 52, Shymkent, March 2020\n'
)

ASYLUM_CASE_SUMMARY = (
    'CASE SUMMARY — ASYLUM APPEAL\n'
    '\n'
    'Claimant: Sherzod Karimov\n'
    'Nationality: Uzbekistan\n'
    'Date of birth: 17 January 1988\n'
    'Counsel: Aizhan Dosmagambetova\n'
    '\n'
    'The claimant, an Uzbek national, entered Kazakhstan on 12 November 2021 through the Zhibek Zholy '
    'checkpoint and applied for refugee status on 20 November 2021. He states that in 2020 he was '
    'detained twice by the State Security Service in Namangan and questioned about his attendance at an '
    'unregistered mosque.\n'
    '\n'
    'On 3 March 2022 the Migration Service refused his application, finding that he had not shown a '
    'well-founded fear of persecution. The claimant appealed to the Specialised Administrative Court of '
    'Turkistan, which dismissed the appeal on 14 June 2022. A further appeal is pending.\n'
    '\n'
    'Uzbekistan has requested his extradition. If returned, the claimant could face up to eight years in '
    'prison.\n'
)

CHANNEL_POST = (
    '🔴 URGENT\n'
    '\n'
    'Yesterday evening in Zharkent police detained activist Murat Saduakasov (41) outside his house. His '
    'wife Gaukhar says officers did not show any warrant. Murat has been protesting for two years at the '
    'Chinese consulate demanding the return of his brother, who was taken to a camp in Ghulja in 2018.\n'
    '\n'
    "Murat's phone is switched off. Nobody knows where he is being held.\n"
    '\n'
    '#FreeMurat #Xinjiang\n'
    '📅 17.06.2022\n'
)

LIST_OF_RELATIVES = (
    'Annex 2. Relatives of applicants held in Xinjiang (as reported to the association)\n'
    '\n'
    '1. Qairat Sadyqov, born 1962, herder from Emin county. Detained in April 2018. Sentenced to 10 years '
    'in 2019. Brother of applicant Bolat Sadyqov.\n'
    '\n'
    '2. Gulzhan Mukhtarqyzy, born 1975, teacher from Ghulja. Detained on 15 October 2017, released in '
    'December 2018, under house arrest since then. Sister of applicant Aigul Mukhtarqyzy.\n'
    '\n'
    '3. Erlan Nurdaulet, born 1990, driver from Tacheng. Missing since March 2018. Son of applicant Saule '
    'Nurdaulet.\n'
)

LIVE_COURT_REPORT = (
    'LIVE: Verdict in the Zharkent border case\n'
    '\n'
    '10:05 — Judge Aigerim Sultanbekova opens the hearing in the Panfilov district court. The defendant, '
    'Maksat Orazbek, 31, is brought in handcuffed.\n'
    '\n'
    '10:40 — The prosecutor asks for two years in prison for illegal border crossing. Orazbek says he '
    'crossed from China on 3 January because police in Khorgas had threatened to send him back to a '
    'camp.\n'
    '\n'
    '11:55 — The judge sentences Orazbek to one year of restricted freedom. He is released in the '
    'courtroom. His mother, who travelled from Almaty, hugs him.\n'
    '\n'
    "12:10 — Orazbek's lawyer, Samal Ibrayeva, says they will not appeal.\n"
)

US_STYLE_NEWS = (
    'Kazakh man who fled China wins temporary protection in U.S.\n'
    '\n'
    'By Staff Reporter | Feb. 12, 2021\n'
    '\n'
    'Nurlan Abilov, an ethnic Kazakh from Xinjiang, was granted asylum by an immigration judge in Los '
    'Angeles on Feb. 3, 2021, his attorney said.\n'
    '\n'
    'Mr. Abilov, 38, told reporters that he was held for 14 months in a re-education facility in Altay '
    'before escaping to Kazakhstan in 2019. He arrived in the United States on Sept. 28, 2019, and '
    'applied for asylum two weeks later.\n'
    '\n'
    '"I am grateful," Mr. Abilov said. His wife, Ms. Gulzada Abilova, and their daughter remain in '
    'Xinjiang, he said.\n'
    '\n'
    'Chinese officials have denied that the facilities are detention centers.\n'
)

THREE_CASES = (
    'Three families, one border\n'
    '\n'
    'Atajurt volunteers recorded the following cases in Almaty in March 2019.\n'
    '\n'
    'Serikbol Amanov, 52, says his brother Nurlybek Amanov was detained in Tacheng in November 2017 and '
    "has not been heard from since. Nurlybek's wife was also questioned by police.\n"
    '\n'
    'Gulnaz Kenzhebek, 29, says her father, a retired teacher, was sent to a camp in Dorbiljin county in '
    '2018. He was released in January 2019 but cannot leave his village.\n'
    '\n'
    'Yerbolat Zhumabay, 44, was himself held for three months in Ghulja in 2018. After his release he was '
    'fined 30,000 yuan for praying at home. He crossed into Kazakhstan in February 2019.\n'
)

CALL_IN_PROGRAMME = (
    'ZHETISU FM — "Open Line" call-in programme, 14 May 2022\n'
    '\n'
    'PRESENTER: Our next caller is on the line from Taldykorgan. Go ahead, you are on air.\n'
    '\n'
    'CALLER (Ainur Tokhtarbekova): Hello. I want to talk about my husband. His name is Marat Kassymov. He '
    'went to Ghulja in April 2018 to see his sick father and the police took his passport at the border. '
    'In June 2018 they sent him to a camp.\n'
    '\n'
    'PRESENTER: Have you heard from him since?\n'
    '\n'
    'CALLER (Ainur Tokhtarbekova): Only once. In March 2020 he called and said he was working in a '
    'factory. After that, nothing. I have written to the ombudsman twice.\n'
    '\n'
    'PRESENTER: Thank you, Ainur. We will keep following your story.\n'
)

SUPREME_COURT_DECISION = (
    'SUPREME COURT OF THE REPUBLIC OF KAZAKHSTAN\n'
    'Judicial Board for Administrative Cases\n'
    '\n'
    'DECISION\n'
    'Astana, 3 November 2022\n'
    '\n'
    'The applicant, Mr. Ahmad Rahimi, a citizen of the Islamic Republic of Afghanistan of Hazara '
    'ethnicity, entered Kazakhstan on 2 September 2021 with a student visa and applied for refugee status '
    'on 15 September 2021. He stated that after the Taliban took power in August 2021, his brother was '
    'killed in Kabul and he himself received death threats.\n'
    '\n'
    'On 20 January 2022 the Migration Service of the Department of Police of Astana refused to grant him '
    'refugee status. The Specialised Inter-District Administrative Court of Astana upheld the refusal on '
    '12 May 2022. The appellant argued that the lower courts had not assessed the risk he faces as a '
    'Hazara.\n'
    '\n'
    'The Judicial Board finds the appeal well-founded. The refusal of 20 January 2022 is annulled and the '
    'case is returned to the Migration Service for a new examination.\n'
)


class _Read:
    """An extraction with lookups by name."""

    def __init__(self, text: str) -> None:
        self.result: dict[str, Any] = extract_text(text)
        self.by_id = {e["id"]: e for e in self.result["entities"]}

    def name(self, eid: str | None) -> str | None:
        if eid is None:
            return None
        entity = self.by_id[eid]
        return entity.get("name") or entity.get("description")

    def persons(self) -> dict[str, dict[str, Any]]:
        return {e["name"]: e for e in self.result["entities"] if e["kind"] == "person" and e["name"]}

    def names(self, kind: str) -> set[str]:
        return {e["name"] for e in self.result["entities"] if e["kind"] == kind and e["name"]}

    def events(self, kind: str) -> list[tuple[tuple[str | None, ...], str | None, str | None, str | None]]:
        return [(tuple(self.name(s) for s in ev["subjects"]), ev["start"], ev["end"], self.name(ev["place"]))
                for ev in self.result["events"] if ev["type"] == kind]

    def types(self) -> list[str]:
        return [ev["type"] for ev in self.result["events"]]

    def relations(self) -> set[tuple[str | None, str, str | None]]:
        return {(self.name(r["from"]), r["type"], self.name(r["to"])) for r in self.result["relations"]}


@pytest.fixture(scope="module")
def report() -> _Read:
    return _Read(REPORT)


def test_report_footnote_markers_end_sentences(report: _Read) -> None:
    confiscation = report.events("confiscation")
    assert confiscation and confiscation[0][:2] == (("Erbol Sarsenbayev",), "2018-08-14")
    evidence = next(ev["evidence"][0] for ev in report.result["events"] if ev["type"] == "confiscation")
    assert REPORT[evidence[0]:evidence[1]].startswith("His wife")


def test_report_detention_is_dated_placed_and_closed_by_the_release(report: _Read) -> None:
    assert report.events("detention") == [(("Erbol Sarsenbayev",), "2018-08-14", "2019-03", "Ghulja")]
    assert [e[:2] for e in report.events("release")] == [(("Erbol Sarsenbayev",), "2019-03")]


def test_report_group_claim_is_no_personal_torture(report: _Read) -> None:
    assert "torture" not in report.types()


def test_report_apposition_gives_age_and_ethnicity(report: _Read) -> None:
    attributes = report.persons()["Erbol Sarsenbayev"]["attributes"]
    assert (attributes["age"], attributes["ethnicity"]) == (43, "Kazakh")
    assert ("Erbol Sarsenbayev", "spouse", "Aigerim Sarsenbayeva") in report.relations()


@pytest.fixture(scope="module")
def communication() -> _Read:
    return _Read(UN_COMMUNICATION)


def test_communication_numbered_paragraphs_are_the_body(communication: _Read) -> None:
    start, end = communication.result["document"]["body"]
    assert UN_COMMUNICATION[start:end].startswith("1.1 The author")
    assert UN_COMMUNICATION[start:end].rstrip().endswith("Covenant.")
    assert communication.result["document"]["reference_date"] == "2020-05-11"


def test_communication_the_authors_son_is_the_named_son(communication: _Read) -> None:
    assert communication.events("detention")[0][:2] == (("Nurlybek Tokhtarov",), "2019-02-03")
    assert communication.events("detention")[0][3] == "Shymkent"
    assert ("Gulmira Tokhtarova", "child", "Nurlybek Tokhtarov") in communication.relations()


def test_communication_court_decisions_are_proceedings_not_asylum(communication: _Read) -> None:
    proceedings = communication.events("criminal_proceeding")
    assert [(p[1], p[3]) for p in proceedings] == [("2019-06-28", "Shymkent"), ("2019-10-15", "Turkistan")]
    assert "asylum_decision" not in communication.types()


def test_communication_duress_and_beatings_during_detention(communication: _Read) -> None:
    assert communication.events("coerced_confession")[0][0] == ("Nurlybek Tokhtarov",)
    assert communication.events("torture") == [(("Nurlybek Tokhtarov",), "2019-02-03", None, None)]


def test_communication_birth_years_are_neither_ages_nor_event_dates(communication: _Read) -> None:
    persons = communication.persons()
    assert "age" not in persons["Gulmira Tokhtarova"]["attributes"]
    assert persons["Nurlybek Tokhtarov"]["attributes"]["citizenship"] == "Kazakhstan"
    assert all(not (ev["start"] or "").startswith(("1961", "1988")) for ev in communication.result["events"])


@pytest.fixture(scope="module")
def local_news() -> _Read:
    return _Read(TRANSLATED_LOCAL_NEWS)


def test_local_news_numeric_dates_and_surname_first_names(local_news: _Read) -> None:
    assert local_news.result["document"]["reference_date"] == "2021-04-14"
    person = local_news.persons()["Ospanov Serik Bolatovich"]
    assert person["attributes"]["citizenship"] == "China"
    assert "age" not in person["attributes"]


def test_local_news_detention_of_the_named_citizen(local_news: _Read) -> None:
    detentions = local_news.events("detention") + local_news.events("arrest")
    assert detentions and detentions[0][:2] == (("Ospanov Serik Bolatovich",), "2021-04-12")
    crossing = local_news.events("border_crossing")
    assert crossing == [(("Ospanov Serik Bolatovich",), "2021-04-12", None, "Koktal")]
    assert local_news.events("criminal_proceeding")[0][1] == "2021-04-12"


def test_local_news_birth_year_dates_nothing(local_news: _Read) -> None:
    assert all(ev["start"] != "1979" for ev in local_news.result["events"])


@pytest.fixture(scope="module")
def blog() -> _Read:
    return _Read(BLOG_POST)


def test_blog_byline_is_no_person_and_dates_the_post(blog: _Read) -> None:
    assert set(blog.persons()) == {"Yerzhan Kaliyev"}  # neither "Dinara K." nor "Mum"
    assert blog.result["document"]["reference_date"] == "2021-03-02"


def test_blog_years_since_count_back_from_the_post(blog: _Read) -> None:
    first = blog.events("detention")[0]
    assert first[:2] == (("Yerzhan Kaliyev",), "2018") and first[3] == "Kuytun"


def test_blog_a_prison_sentence_is_no_end_of_custody(blog: _Read) -> None:
    assert all(end is None or end <= "2021" for _, _, end, _ in blog.events("detention"))
    assert blog.events("criminal_proceeding")[0][1] == "2019"


@pytest.fixture(scope="module")
def ruling() -> _Read:
    return _Read(APPEAL_RULING)


def test_ruling_judges_with_initials_are_persons(ruling: _Read) -> None:
    assert {"A. Sultanov", "B. Ermekova", "K. Dauletov", "S. Abenova", "Turdiev Akmal Rustamovich"} <= set(
        ruling.persons())
    assert ruling.persons()["Turdiev Akmal Rustamovich"]["attributes"]["citizenship"] == "Uzbekistan"


def test_ruling_verdict_expulsion_crossing_and_arrest(ruling: _Read) -> None:
    subject = ("Turdiev Akmal Rustamovich",)
    assert ruling.events("criminal_proceeding")[0][:2] == (subject, "2022-06-21")
    assert ruling.events("criminal_proceeding")[0][3] == "Taraz"
    assert ruling.events("deportation_order")[0][0] == subject
    assert ruling.events("border_crossing") == [(subject, "2022-04-02", None, "Zhibek Zholy")]
    assert ruling.events("arrest")[0][:2] == (subject, "2022-04-03")
    assert ruling.result["document"]["reference_date"] == "2022-08-09"


def test_ruling_birth_date_is_no_event_date(ruling: _Read) -> None:
    assert all(not (ev["start"] or "").startswith("1990") for ev in ruling.result["events"])


@pytest.fixture(scope="module")
def radio() -> _Read:
    return _Read(RADIO_TRANSCRIPT)


def test_radio_speakers_are_no_persons_and_the_guest_speaks(radio: _Read) -> None:
    assert set(radio.persons()) == {"Aliya Nurmukhanbetova"}
    assert radio.result["document"]["reference_date"] == "2020-11-18"
    statement = radio.events("public_statement")
    assert statement == [(("Aliya Nurmukhanbetova",), "2019", None, "Almaty")]


def test_radio_what_happened_to_the_father_is_his(radio: _Read) -> None:
    assert ("Aliya Nurmukhanbetova", "parent", "father") in radio.relations()
    assert radio.events("disappearance") == [(("father",), "2017", None, "Xinjiang")]
    assert radio.events("confiscation")[0][:2] == (("father",), "2017-04")
    assert radio.events("detention")[0][0] == ("father",)
    assert radio.events("detention")[0][3] == "Durbuljin county"


@pytest.fixture(scope="module")
def press() -> _Read:
    return _Read(PRESS_RELEASE)


def test_press_release_body_stops_before_the_contacts(press: _Read) -> None:
    start, end = press.result["document"]["body"]
    assert "ENDS" not in PRESS_RELEASE[start:end] and "Tel:" not in PRESS_RELEASE[start:end]
    assert all(ev["evidence"][0][0] < end for ev in press.result["events"])


def test_press_release_organisation_and_its_director(press: _Read) -> None:
    assert {"Steppe Rights Initiative", "Medeu District Court"} <= press.names("organization")
    assert ("Dana Yesimova", "member", "Steppe Rights Initiative") in press.relations()


def test_press_release_arrest_picket_and_administrative_detention(press: _Read) -> None:
    subject = ("Bakhytzhan Tokenov",)
    assert press.events("arrest")[0][:2] == (subject, "2021-09-28")
    assert (subject, "2021-09-28", None, "Almaty") in press.events("public_statement")
    assert press.events("detention") == [(subject, "2021-09-30", None, "Almaty")]  # 15 days is a penalty
    assert press.events("fine")[0][:2] == (subject, "2020")
    assert press.persons()["Bakhytzhan Tokenov"]["attributes"]["age"] == 29


def test_press_release_campaign_is_not_placed_where_others_are_held(press: _Read) -> None:
    campaign = [e for e in press.events("public_statement") if e[1] == "2018"]
    assert campaign == [(("Bakhytzhan Tokenov",), "2018", None, None)]


@pytest.fixture(scope="module")
def family() -> _Read:
    return _Read(FAMILY_STORY)


def test_family_ages_in_three_forms(family: _Read) -> None:
    persons = family.persons()
    assert persons["Kairat Abenov"]["attributes"]["age"] == 67
    assert persons["Timur"]["attributes"]["age"] == 35
    assert persons["Raushan Abenova"]["attributes"]["age"] == 64
    daughter = [e for e in family.result["entities"] if e.get("description") == "daughter"]
    assert daughter and daughter[0]["attributes"]["age"] == 30


def test_family_detention_is_the_fathers_not_the_sons(family: _Read) -> None:
    assert family.events("detention") == [(("Kairat Abenov",), "2017-05-20", None, "Ghulja")]
    assert all(subjects != ("Timur",) for kind in ("arrest", "detention") for subjects, *_ in family.events(kind))


def test_family_death_in_custody_is_one_death_and_no_new_detention(family: _Read) -> None:
    assert family.events("death") == [(("Kairat Abenov",), "2019-01", None, "Ghulja")]
    assert family.types().count("detention") == 1
    assert ("Kairat Abenov", "spouse", "Raushan Abenova") in family.relations()


def test_wire_description_of_the_poet_is_not_his_daughters() -> None:
    wire = _Read(WIRE_STORY)
    assert "ethnicity" not in wire.persons()["Mehray Turghun"]["attributes"]
    assert wire.persons()["Abdukerim Turghun"]["attributes"]["age"] == 61
    assert ("Mehray Turghun", "parent", "Abdukerim Turghun") in wire.relations()
    assert wire.events("criminal_proceeding")[0][:2] == (("Abdukerim Turghun",), "2019")
    assert len(wire.result["events"]) == 1  # a spokesman's denial and a group estimate are no events


def test_interview_first_name_labels_speak_for_the_interviewee() -> None:
    interview = _Read(MAGAZINE_INTERVIEW)
    subject = ("Gulbahar Nurmamat",)
    assert interview.result["document"]["reference_date"] == "2020-12"
    assert interview.events("detention") == [(subject, "2018-02-02", "2019-04", "Aksu")]
    assert interview.events("torture")[0][0] == subject
    assert interview.events("release")[0][:2] == (subject, "2019-04")
    assert interview.events("arrival")[0][:2] == (subject, "2019-09")
    assert interview.events("arrest") == [(("husband",), "2019-10", None, None)]


def test_signed_account_speaks_for_its_signatory() -> None:
    account = _Read(SIGNED_TESTIMONY)
    subject = ("Zhanar Bekmukhanbetova",)
    assert account.persons()["Zhanar Bekmukhanbetova"]["attributes"]["age"] == 52
    assert account.result["document"]["reference_date"] == "2020-03"
    assert account.events("detention")[0][0] == subject and account.events("detention")[0][3] == "Tekes County"
    assert account.events("confiscation")[0][0] == subject
    assert account.events("border_crossing") == [(subject, "2019-08-05", None, "Khorgos")]


def test_case_summary_header_labels_bind_the_claimant_and_counsel() -> None:
    summary = _Read(ASYLUM_CASE_SUMMARY)
    subject = ("Sherzod Karimov",)
    assert summary.result["document"]["reference_date"] == "2022-06"  # not the date of birth
    assert "Zhibek Zholy" in summary.names("place") and "Zhibek Zholy" not in summary.persons()
    assert ("Sherzod Karimov", "lawyer", "Aizhan Dosmagambetova") in summary.relations()
    assert summary.events("border_crossing") == [(subject, "2021-11-12", None, "Zhibek Zholy")]
    assert summary.events("asylum_application")[0][:2] == (subject, "2021-11-20")
    assert summary.events("arrest") == [(subject, "2020", None, "Namangan")]
    assert [(e[1], e[3]) for e in summary.events("asylum_decision")] == [("2022-03-03", None),
                                                                        ("2022-06-14", "Turkistan")]


def test_case_summary_requested_extradition_is_no_order() -> None:
    summary = _Read(ASYLUM_CASE_SUMMARY)
    assert "deportation_order" not in summary.types() and "deportation" not in summary.types()


def test_channel_post_ongoing_protest_and_unknown_whereabouts() -> None:
    post = _Read(CHANNEL_POST)
    subject = ("Murat Saduakasov",)
    assert post.events("detention")[0] == (subject, "2022-06-16", None, "Zharkent")
    assert post.events("public_statement") == [(subject, "2020", None, None)]  # protesting for two years
    assert post.events("disappearance")[0][:2] == (subject, "2022-06-16")
    assert (("brother",), "2018", None, "Ghulja") in post.events("detention")


def test_list_items_without_subjects_are_about_their_person() -> None:
    annex = _Read(LIST_OF_RELATIVES)
    assert ("Qairat Sadyqov",) == annex.events("arrest")[0][0]
    assert annex.events("criminal_proceeding") == [(("Qairat Sadyqov",), "2019", None, None)]
    assert (("Gulzhan Mukhtarqyzy",), "2018-12", None, None) in annex.events("release")
    assert annex.events("disappearance") == [(("Erlan Nurdaulet",), "2018-03", None, None)]
    assert {("Bolat Sadyqov", "sibling", "Qairat Sadyqov"), ("Aigul Mukhtarqyzy", "sibling", "Gulzhan Mukhtarqyzy"),
            ("Saule Nurdaulet", "child", "Erlan Nurdaulet")} <= annex.relations()


def test_live_report_judge_is_no_subject_and_a_flashback_is_no_place() -> None:
    live = _Read(LIVE_COURT_REPORT)
    subject = ("Maksat Orazbek",)
    assert all("Aigerim Sultanbekova" not in subjects for kind in set(live.types())
               for subjects, *_ in live.events(kind))
    assert live.events("border_crossing") == [(subject, None, None, None)]
    assert live.events("criminal_proceeding")[0][0] == subject
    assert live.events("release") == [(subject, None, None, None)]  # not where police had threatened him
    assert "detention" not in live.types()  # "threatened to send him back to a camp" did not happen
    assert ("Maksat Orazbek", "lawyer", "Samal Ibrayeva") in live.relations()


def test_us_style_news_titles_dates_and_a_stay_ended_by_an_escape() -> None:
    news = _Read(US_STYLE_NEWS)
    subject = ("Nurlan Abilov",)
    assert news.result["document"]["reference_date"] == "2021-02-12"
    assert ("Nurlan Abilov", "spouse", "Gulzada Abilova") in news.relations()
    assert {("Nurlan Abilov", "child", "daughter"), ("Gulzada Abilova", "child", "daughter")} <= news.relations()
    assert news.events("detention") == [(subject, "2018", "2019", "Altay")]
    assert news.events("arrival") == [(subject, "2019-09-28", None, "United States")]
    assert news.events("asylum_application")[0][:2] == (subject, "2019-10-12")
    assert news.events("asylum_decision")[0][:2] == (subject, "2021-02-03")


def test_three_cases_keep_each_relative_apart() -> None:
    cases = _Read(THREE_CASES)
    assert cases.persons()["Gulnaz Kenzhebek"]["attributes"]["gender"] == "female"
    assert cases.events("detention")[0][:2] == (("father",), "2018")
    assert cases.events("release")[0][:2] == (("father",), "2019-01")
    assert cases.events("summons")[0][0] == ("wife",)
    assert (("Yerbolat Zhumabay",), "2018", "2018", "Ghulja") in cases.events("detention")
    assert cases.events("border_crossing") == [(("Yerbolat Zhumabay",), "2019-02", None, "Kazakhstan")]


def test_call_in_caller_label_names_the_narrator_and_the_husband_is_named() -> None:
    call = _Read(CALL_IN_PROGRAMME)
    assert set(call.persons()) == {"Ainur Tokhtarbekova", "Marat Kassymov"}
    assert ("Ainur Tokhtarbekova", "spouse", "Marat Kassymov") in call.relations()
    assert ("Marat Kassymov", "parent", "father") in call.relations()
    assert call.events("confiscation")[0][:2] == (("Marat Kassymov",), "2018-04")
    assert call.events("detention")[0][:2] == (("Marat Kassymov",), "2018-06")


def test_supreme_court_decision_parties_and_refusals() -> None:
    decision = _Read(SUPREME_COURT_DECISION)
    subject = ("Ahmad Rahimi",)
    attributes = decision.persons()["Ahmad Rahimi"]["attributes"]
    assert (attributes["citizenship"], attributes["ethnicity"]) == ("Afghanistan", "Hazara")
    assert "Judicial Board" not in decision.persons()
    assert decision.events("asylum_application")[0][:2] == (subject, "2021-09-15")
    assert [e[1] for e in decision.events("asylum_decision")][:2] == ["2022-01-20", "2022-05-12"]
    assert decision.events("death") == [(("brother",), "2021-08", None, "Kabul")]
    assert decision.events("threat")[0][0] == subject
