"""Hostile Moodle XML: each a clear problem in under a second, nothing read from disk.

Billion laughs, external entities (to a real local file whose content must
appear nowhere), XInclude, a 50 MB file and deep nesting.
"""

import subprocess
import sys
import time

import pytest

from quizlint.formats import moodle_xml

LAUGHS = ('<!ENTITY lol0 "lol">'
          + "".join(f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1)) * 10}">' for i in range(1, 10)))


def timed_read(text: str, path="hostile.xml"):
    start = time.perf_counter()
    got = moodle_xml.read(text, path, quiz_id=None, lang="en")
    assert time.perf_counter() - start < 1.0
    return got


@pytest.fixture
def secret(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text("TOP-SECRET-7f3a9c", "utf-8")
    return path


def assert_refused(got, line=None, col=None, words="DOCTYPE"):
    assert got.quizzes == []
    (p,) = got.problems
    assert words in p.message
    if line:
        assert (p.line, p.col) == (line, col)


@pytest.mark.parametrize("prolog", ["", '<?xml version="1.0" encoding="UTF-8"?>\n<!-- a comment -->\n', "\ufeff"])
def test_billion_laughs_is_refused(prolog):
    text = prolog + f"<!DOCTYPE quiz [{LAUGHS}]>\n<quiz><question type=\"essay\"><name><text>&lol9;</text></name>" \
                    "<questiontext><text>&lol9;</text></questiontext></question></quiz>"
    got = timed_read(text)
    assert_refused(got, line=prolog.count("\n") + 1, col=1 + prolog.startswith("\ufeff"))
    assert "lollol" not in repr(got)


@pytest.mark.parametrize("dtd", [
    '<!DOCTYPE quiz [<!ENTITY x SYSTEM "file://{path}">]>',
    '<!DOCTYPE quiz [<!ENTITY x SYSTEM "{path}">]>',
    '<!DOCTYPE quiz [<!ENTITY % p SYSTEM "file://{path}"> %p;]>',
    '<!DOCTYPE quiz SYSTEM "file://{path}">',
])
def test_external_entity_to_a_local_file_is_never_read(dtd, secret):
    text = dtd.format(path=secret) + '\n<quiz><question type="essay"><name><text>q</text></name>' \
                                      '<questiontext><text>&x;</text></questiontext></question></quiz>'
    got = timed_read(text)
    assert_refused(got, 1, 1)
    assert "TOP-SECRET" not in repr(got)


def test_xinclude_is_not_processed(secret):
    text = ('<quiz xmlns:xi="http://www.w3.org/2001/XInclude"><question type="essay"><name><text>q</text></name>'
            f'<questiontext><text>Hi <xi:include href="file://{secret}" parse="text"/></text></questiontext>'
            "</question></quiz>")
    got = timed_read(text)
    assert "TOP-SECRET" not in repr(got)
    assert got.quizzes[0].questions[0].stem == {"en": "Hi"}


def test_a_50_mb_file_is_refused():
    question = '<question type="essay"><questiontext><text>x</text></questiontext></question>'
    text = "<quiz>" + question * 700_000 + "</quiz>"
    assert len(text) > 50_000_000
    got = timed_read(text)
    (p,) = got.problems
    assert (p.line, p.col) == (1, 1) and "limit is 10 MB" in p.message and got.quizzes == []


def test_deep_nesting_is_a_clear_error():
    text = "<quiz>" + "<a>" * 100_000 + "</a>" * 100_000 + "</quiz>"
    got = timed_read(text)
    (p,) = got.problems
    assert p.message.startswith("not well-formed XML") and "depth" in p.message.lower()


def test_import_command_refuses_and_writes_nothing(in_tmp, secret):
    bomb = in_tmp / "bank.xml"
    bomb.write_text(f'<!DOCTYPE quiz [<!ENTITY x SYSTEM "file://{secret}">{LAUGHS}]>\n<quiz><question type="essay">'
                    "<questiontext><text>&x; &lol9;</text></questiontext></question></quiz>", "utf-8")
    start = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "quizlint", "import", str(bomb), "--out-dir", "out"],
                       capture_output=True, text=True, timeout=60, env={"NO_COLOR": "1", "PATH": "/usr/bin:/bin"})
    assert time.perf_counter() - start < 20
    assert r.returncode != 0
    assert f"{bomb}:1:1: a DOCTYPE is refused" in r.stderr
    assert "TOP-SECRET" not in r.stdout + r.stderr
    assert not (in_tmp / "out").exists()


def essay(text: str) -> str:
    return f'<quiz><question type="essay"><name><text>q</text></name><questiontext format="html"><text><![CDATA[{text}]]>' \
           "</text></questiontext></question></quiz>"


@pytest.mark.parametrize("name,text", [
    ("comments before the root", "<!---->" * 300_000 + "<quiz/>"),
    ("spaces before the root", " " * 5_000_000 + "<quiz/>"),
    ("an unclosed comment", "<!--" + "-" * 5_000_000),
    ("lone angle brackets", essay("<" * 1_000_000)),
    ("unclosed math", essay("\\(" * 1_000_000)),
    ("unclosed multilang spans", essay('<span lang="en" class="multilang">' * 100_000)),
    ("unclosed mlang", essay("{mlang " + "en, " * 500_000)),
    ("many multilang runs", essay('<span lang="en" class="multilang">a</span><span lang="es" class="multilang">b</span>'
                                  * 10_000)),
    ("deep inline markup", essay("<b>" * 300_000 + "x")),
    ("spaces and line breaks", essay("<p>" + " \n" * 1_000_000 + "x</p>")),
])
def test_pathological_text_is_read_in_linear_time(name, text):
    start = time.perf_counter()
    moodle_xml.sniff(text, "bank.xml")
    got = moodle_xml.read(text, "bank.xml", quiz_id=None, lang="en")
    assert time.perf_counter() - start < 1.5, name
    assert all(p.line >= 1 and p.col >= 1 for p in got.problems)


def test_a_bank_of_many_categories_and_questions_is_read_quickly():
    one = ('<question type="category"><category><text>$course$/top/c{i}</text></category></question>'
           '<question type="truefalse"><name><text>Same name</text></name><questiontext><text>T?</text>'
           '</questiontext><answer fraction="100"><text>true</text></answer></question>')
    text = "<quiz>" + "".join(one.format(i=i % 500) for i in range(2_000)) + "</quiz>"
    start = time.perf_counter()
    got = moodle_xml.read(text, "bank.xml", quiz_id=None, lang="en")
    assert time.perf_counter() - start < 5
    assert len(got.quizzes) == 500 and got.problems == []
    ids = [q.id for quiz in got.quizzes for q in quiz.questions]
    assert len(ids) == len(set(ids)) == 2_000
