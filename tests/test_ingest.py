"""Ingest reads every supported format, and refuses bad input with one clear line, losing nothing."""

from __future__ import annotations

import io
import os
import socket
from pathlib import Path

import pytest
from sqlalchemy import func, select

from aigak.core.errors import IngestError
from aigak.ingest.decode import decode_text
from aigak.ingest.language import detect_language
from aigak.ingest.readers import read_source
from aigak.ingest.sniff import DOCX, HTML, MARKDOWN, PDF, PLAIN
from aigak.store.engine import open_store
from aigak.store.schema import audit_log, documents, sources

STORY = ("Gulnar Tursunkyzy, 38, told us that police in Tacheng took her to a camp in April 2018. "
         "She was released in June 2019 and crossed into Kazakhstan near Bakhty in March 2020.")

HTML_PAGE = f"""<!doctype html><html><head><title>Woman recounts camp years - The Steppe Herald</title>
<meta name="author" content="Dana Akhmet"><meta property="article:published_time" content="2021-03-14T09:00:00Z">
</head><body><nav><a href="/">Home</a><a href="/news">News</a><a href="/about">About us</a></nav>
<article><h1>Woman recounts camp years</h1><p>{STORY}</p>
<p>Her lawyer said the asylum application was filed with the migration service in April 2020 and is still pending.</p>
</article><aside><h3>Related articles</h3><ul><li><a href="/a">Border town braces for winter</a></li>
<li><a href="/b">Currency slides again</a></li></ul></aside><footer>© 2021 The Steppe Herald. All rights reserved.</footer>
</body></html>"""


def _pdf_bytes(text: str) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=f"<html><head><title>Hearing note</title></head><body><p>{text}</p></body></html>")
                 .write_pdf())


def _docx_bytes(paragraphs: list[str]) -> bytes:
    import docx

    d = docx.Document()
    d.core_properties.title = "Interview notes"
    d.core_properties.author = "Field team"
    for p in paragraphs:
        d.add_paragraph(p)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_plain_text_is_kept_exactly() -> None:
    src = read_source(STORY.encode(), "note.txt")
    assert src.media_type == PLAIN and src.text == STORY and src.encoding == "utf-8"


def test_markdown_title_comes_from_its_heading() -> None:
    src = read_source(f"# Testimony of G. T.\n\n{STORY}\n".encode(), "t.md")
    assert src.media_type == MARKDOWN and src.title == "Testimony of G. T."


def test_html_page_keeps_article_and_metadata_and_drops_navigation() -> None:
    src = read_source(HTML_PAGE.encode(), "page.html")
    assert src.media_type == HTML
    assert "Tacheng" in src.text and "asylum application" in src.text
    for boilerplate in ("About us", "Related articles", "Currency slides", "All rights reserved"):
        assert boilerplate not in src.text
    assert src.author == "Dana Akhmet" and src.published == "2021-03-14"
    assert src.title and "camp years" in src.title


def test_pdf_text_layer_is_read() -> None:
    src = read_source(_pdf_bytes(STORY), "note.pdf")
    assert src.media_type == PDF
    assert "Tacheng" in src.text and "Kazakhstan" in src.text


def test_docx_paragraphs_and_properties_are_read() -> None:
    src = read_source(_docx_bytes(["First paragraph.", STORY]), "notes.docx")
    assert src.media_type == DOCX
    assert src.text.startswith("First paragraph.") and "Bakhty" in src.text
    assert src.title == "Interview notes" and src.author == "Field team"


@pytest.mark.parametrize(("encoding", "text"), [
    ("cp1251", "Гульнар Турсункызы была задержана в Тачэне в апреле 2018 года полицией."),
    ("latin-1", ("Café owner José Müller said the hearing in Zürich was postponed until the spring. "
     "The défense lawyer, Frédéric Nüñez, declared that the family would appeal.")),
    ("utf-16", "Гульнар Турсункызы была задержана в апреле 2018 года."),
    ("utf-8-sig", "Gulnar said: “we crossed at night” – and then walked to Zharkent."),
    # short Cyrillic in KOI8-R, which the detector alone takes for Japanese
    ("koi8_r", "Свидетельство Айгуль Касымкызы, записано в Алматы 3 мая 2022 года. Мне 41 год."),
    # UTF-16 saved without a byte-order mark, which would otherwise look like a binary file
    ("utf-16-le", "Testimony of Nurbol Tokenov. I am 41 years old. I was detained in Ghulja in 2018."),
    ("utf-16-be", "Показания Нурбола Токенова. Меня задержали в Кульдже в 2018 году."),
], ids=["cyrillic-cp1251", "latin-1", "utf-16-bom", "utf-8-bom", "short-koi8-r", "utf-16-le-no-bom",
        "utf-16-be-no-bom"])
def test_encoding_is_detected(encoding: str, text: str) -> None:
    decoded, _ = decode_text(text.encode(encoding), "x.txt")
    assert decoded == text


def test_crlf_line_endings_are_normalized_so_offsets_match_python_text_mode() -> None:
    decoded, _ = decode_text(b"line one\r\nline two\r\n", "x.txt")
    assert decoded == "line one\nline two\n"


@pytest.mark.parametrize(("text", "language"), [
    (STORY, "en"),
    ("Гульнар Турсункызы рассказала, что полиция задержала её в апреле 2018 года и отправила в лагерь.", "ru"),
    ("short", None),
], ids=["english", "russian", "too-short"])
def test_language_is_guessed_deterministically(text: str, language: str | None) -> None:
    assert detect_language(text) == language


# --- Bad input: one clear line naming the file and the reason, exit code 1, store unchanged ---------

def _write_socket(path: Path) -> socket.socket:
    s = socket.socket(socket.AF_UNIX)
    s.bind(str(path))
    return s


BAD_INPUTS = {
    "empty": (lambda p: p.write_bytes(b""), "empty"),
    "whitespace-only": (lambda p: p.write_bytes(b"  \n\n\t "), "empty"),
    "binary": (lambda p: p.write_bytes(bytes(range(256)) * 8), "binary file"),
    "png-image": (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)), "binary file"),
    "unsupported-suffix": (lambda p: p.write_bytes(b"{\\rtf1 hello}"), "does not read"),
    "undecodable": (lambda p: p.write_bytes(b"\xef\xbb\xbfvalid start \xff\xfe\xfa broken"), "re-save it as UTF-8"),
    "damaged-pdf": (lambda p: p.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage"), "PDF"),
    "zip-not-docx": (lambda p: p.write_bytes(_zip_with("notes.txt", b"hello")), "not a Word document"),
    "missing": (lambda p: None, "no such file"),
}
SUFFIX = {"unsupported-suffix": ".rtf", "damaged-pdf": ".pdf", "zip-not-docx": ".docx"}


def _zip_with(name: str, data: bytes) -> bytes:
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(name, data)
    return buf.getvalue()


def _store_counts(url: str) -> tuple[int, int, int]:
    s = open_store(url)
    with s.read() as conn:
        counts = tuple(int(conn.execute(select(func.count()).select_from(t)).scalar_one())
                       for t in (documents, sources, audit_log))
    s.close()
    return counts  # type: ignore[return-value]


@pytest.mark.parametrize("case", list(BAD_INPUTS), ids=list(BAD_INPUTS))
def test_bad_input_is_refused_with_a_clear_line_and_the_store_unchanged(
        case: str, tmp_path: Path, run_cli, sqlite_url: str) -> None:  # type: ignore[no-untyped-def]
    make, reason = BAD_INPUTS[case]
    good = tmp_path / "good.txt"
    good.write_text(STORY)
    bad = tmp_path / f"bad{SUFFIX.get(case, '.txt')}"
    make(bad)
    assert run_cli("ingest", str(good)).code == 0
    before = _store_counts(sqlite_url)
    other = tmp_path / "other.txt"
    other.write_text(STORY + " A second, different account.")
    result = run_cli("ingest", str(bad), str(other))
    assert result.code == 1
    failed = [line for line in result.stderr.splitlines() if line.startswith("failed")]
    assert len(failed) == 1 and str(bad) in failed[0] and reason in failed[0], result.stderr
    assert "Traceback" not in result.stderr
    after = _store_counts(sqlite_url)
    assert after[0] == before[0] + 1  # the good file after the bad one still went in
    assert after[1] == before[1] + 1


def test_oversized_file_is_refused(tmp_path: Path, run_cli, sqlite_url: str) -> None:  # type: ignore[no-untyped-def]
    big = tmp_path / "big.txt"
    big.write_text(STORY * 200)
    result = run_cli("ingest", "--max-mb", "0.01", str(big))
    assert result.code == 1 and "over the limit" in result.stderr and "--max-mb" in result.stderr
    assert _store_counts(sqlite_url) == (0, 0, 0)


def test_unreadable_file_is_refused(tmp_path: Path, run_cli, sqlite_url: str) -> None:  # type: ignore[no-untyped-def]
    # A socket cannot be opened as a file, even by root (chmod 000 would not stop root).
    sock = _write_socket(tmp_path / "sock.txt")
    try:
        result = run_cli("ingest", str(tmp_path / "sock.txt"))
    finally:
        sock.close()
    assert result.code == 1 and "cannot be read" in result.stderr
    assert _store_counts(sqlite_url) == (0, 0, 0)


def test_folder_is_ingested_recursively_and_duplicates_count_once(
        tmp_path: Path, run_cli, sqlite_url: str) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "a.txt").write_text(STORY)
    (tmp_path / "in" / "sub" / "same.txt").write_text(STORY)
    (tmp_path / "in" / "sub" / "page.html").write_text(HTML_PAGE)
    (tmp_path / "in" / ".hidden.txt").write_text("not this one, it is hidden from ingest")
    result = run_cli("ingest", str(tmp_path / "in"))
    assert result.code == 0, result.stderr
    assert "2 new, 1 already stored, 0 failed" in result.stdout
    assert _store_counts(sqlite_url)[:2] == (2, 2)


def test_standard_input_is_ingested(run_cli, sqlite_url: str) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("ingest", "-", stdin=STORY.encode())
    assert result.code == 0 and "1 new" in result.stdout
    shown = run_cli("doc", "1")
    assert "Tacheng" in shown.stdout and "-" in shown.stdout


def test_crash_half_way_leaves_no_half_written_document(tmp_path: Path, sqlite_url: str,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from aigak.ingest import pipeline
    from aigak.ingest.pipeline import ingest_paths

    f = tmp_path / "a.txt"
    f.write_text(STORY)
    store = open_store(sqlite_url)

    def crash(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError("disk full")

    monkeypatch.setattr(pipeline, "append_audit", crash)
    with pytest.raises(OSError):
        ingest_paths(store, [str(f)])
    store.close()
    assert _store_counts(sqlite_url) == (0, 0, 0)


def test_ingest_error_names_the_file_and_reason() -> None:
    with pytest.raises(IngestError) as info:
        read_source(b"", "empty.txt")
    assert info.value.path == "empty.txt" and "empty" in info.value.reason
    assert os.fspath("empty.txt") in str(info.value)


def test_language_detection_is_right_from_many_threads_at_once() -> None:
    import importlib
    from concurrent.futures import ThreadPoolExecutor

    import langdetect.detector_factory as factory_module

    from aigak.ingest import language

    factory_module._factory = None  # as in a freshly started server
    importlib.reload(language)
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(language.detect_language, [STORY] * 16))
    assert answers == ["en"] * 16
