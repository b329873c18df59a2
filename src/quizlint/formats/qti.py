"""Canvas-flavoured QTI 1.2 export: one zip per quiz, for Canvas's QTI import.

Each zip holds ``imsmanifest.xml``, ``<id>/<id>.xml`` (the assessment) and
``<id>/assessment_meta.xml`` (Canvas's quiz settings), in the shape Canvas
itself and text2qti write, which the tests check against text2qti. Kinds:
single -> multiple_choice_question, multi -> multiple_answers_question,
true_false -> true_false_question, numeric -> numerical_question,
free and symbolic -> essay_question (the reference answer or the
expression in the general feedback, which Canvas shows after submission).

Identifiers are hashes of the quiz id, language and question id (and the
choice's place), so exporting again replaces the quiz in Canvas instead of
adding a copy; zip entries have fixed dates, so two exports are
byte-identical. Every text goes through :func:`quizlint.formats.html.markup`
(Markdown with raw HTML off, math as MathML, code as code) and the XML is
built as a tree, so quiz text is always escaped.
docs/formats/qti.md says what is left out and why.
"""

from __future__ import annotations

import hashlib
import html
import io
import xml.etree.ElementTree as ET
import zipfile
from decimal import Decimal

from quizlint.formats import FormatError
from quizlint.formats.html import markup
from quizlint.formats.model import Numeric, Question, Quiz, Symbolic

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CANVAS_NS = "http://canvas.instructure.com/xsd/cccv1p0"
IMSCP_NS = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"

TYPES = {
    "single": "multiple_choice_question",
    "multi": "multiple_answers_question",
    "true_false": "true_false_question",
    "numeric": "numerical_question",
    "free": "essay_question",
    "symbolic": "essay_question",
}

# The few words the export adds to a quiz's own text.
LABELS = {
    "en": {"true": "True", "false": "False", "unit": "Unit", "reference": "Reference answer",
           "expression": "Expected expression", "wrong": "Common wrong answers"},
    "es": {"true": "Verdadero", "false": "Falso", "unit": "Unidad", "reference": "Respuesta de referencia",
           "expression": "Expresión esperada", "wrong": "Respuestas erróneas frecuentes"},
}

ZIP_DATE = (1980, 1, 1, 0, 0, 0)   # the earliest a zip can hold: no clock in the output
POINTS = 1


def export(quizzes: list[Quiz], *, lang: str | None = None) -> dict[str, bytes]:
    """One Canvas QTI zip per quiz, in ``lang`` (default: each quiz's source language).

    A quiz in its source language is ``<quiz-id>.zip``; in another language
    ``<quiz-id>.<lang>.zip``, a quiz of its own in Canvas.
    """
    out = {}
    for quiz in quizzes:
        use = lang or quiz.source_lang
        name = quiz.id if use == quiz.source_lang else f"{quiz.id}.{use}"
        out[f"{name}.zip"] = package(quiz, use)
    return out


def ident(*parts: str) -> str:
    """A stable identifier from ``parts`` (quiz id, language, question id...)."""
    return "ql" + hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


def package(quiz: Quiz, lang: str) -> bytes:
    """The zip of ``quiz`` in ``lang``."""
    aid = ident(quiz.id, lang)
    files = {
        "imsmanifest.xml": _manifest(aid, ident(quiz.id, lang, "manifest"), ident(quiz.id, lang, "meta")),
        f"{aid}/{aid}.xml": _assessment(quiz, lang, aid),
        f"{aid}/assessment_meta.xml": _meta(quiz, lang, aid),
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3      # Unix, wherever it runs
            zf.writestr(info, data)
    return buf.getvalue()


def _text(value, quiz: Quiz, lang: str) -> str | None:
    """``value`` in ``lang``, else in the source language (an untranslated field)."""
    if not value:
        return None
    return value.get(lang) or value.get(quiz.source_lang) or next(iter(value.values()), None)


def to_html(text: str) -> str:
    """Quiz text as the HTML a ``mattext`` carries."""
    return markup(text).strip()


def _labels(lang: str) -> dict:
    return LABELS.get(lang.split("-")[0], LABELS["en"])


def _sub(parent, tag: str, attrs: dict | None = None, text: str | None = None):
    el = ET.SubElement(parent, tag, attrs or {})
    if text is not None:
        el.text = text
    return el


def _xml(root) -> bytes:
    ET.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8", xml_declaration=False) + b"\n"


def _material(parent, content: str):
    _sub(_sub(parent, "material"), "mattext", {"texttype": "text/html"}, content)


def _feedback(item, fid: str, content: str):
    fb = _sub(item, "itemfeedback", {"ident": fid})
    _material(_sub(fb, "flow_mat"), content)


def _condition(parent, cont: str):
    rc = _sub(parent, "respcondition", {"continue": cont})
    return rc, _sub(rc, "conditionvar")


def decimal(x) -> Decimal:
    """``x`` (an int, a float or a Decimal) as the decimal it is written as: 0.1 is 0.1."""
    if isinstance(x, Decimal):
        return x
    return Decimal(str(x)) if isinstance(x, int) else Decimal(repr(float(x)))


def _number(x) -> str:
    """A number as Canvas reads it: plain decimal digits, no exponent."""
    s = format(decimal(x).normalize(), "f")
    return s if "." in s else s + ".0"


def numeric_bounds(a: Numeric) -> tuple[str, Decimal, Decimal]:
    """How Canvas grades ``a``: ("exact", low, high) for the value with a
    margin (0 when exact) or ("range", low, high) for a relative tolerance
    alone. Both tolerances: the wider margin (a response within either is right)."""
    v = decimal(a.value)
    margin = Decimal(0)
    if a.tolerance is not None:
        margin = decimal(a.tolerance)
    if a.rel_tolerance is not None:
        rel = decimal(a.rel_tolerance) * abs(v)
        if a.tolerance is None:
            return "range", v - rel, v + rel
        margin = max(margin, rel)
    return "exact", v - margin, v + margin


def _general_feedback(q: Question, quiz: Quiz, lang: str) -> str | None:
    """The general feedback: the explanation, and for essays what a grader needs."""
    words = _labels(lang)
    parts = []
    if q.kind == "free" and _text(q.answer, quiz, lang):
        parts.append(f"<p><strong>{words['reference']}:</strong></p>\n" + to_html(_text(q.answer, quiz, lang)))
    if isinstance(q.answer, Symbolic):
        shown = f"$${q.answer.latex}$$" if q.answer.latex else f"`{q.answer.expr}`"
        parts.append(f"<p><strong>{words['expression']}:</strong></p>\n" + to_html(shown)
                     + (f"\n{to_html('`' + q.answer.expr + '`')}" if q.answer.latex else ""))
    if q.wrong_answers:
        items = []
        for w in q.wrong_answers:
            shown = f"`{w.expr}`" if w.expr is not None else _number(w.value)
            why = _text(w.why, quiz, lang)
            items.append(f"- {shown}" + (f": {why}" if why else ""))
        parts.append(f"<p><strong>{words['wrong']}:</strong></p>\n" + to_html("\n".join(items)))
    explanation = _text(q.explanation, quiz, lang)
    if explanation:
        parts.append(to_html(explanation))
    return "\n".join(parts) or None


def _choices(q: Question, quiz: Quiz, lang: str) -> list[tuple[str, str, bool, str | None]]:
    """(ident, html, correct, why html) per choice; true/false gets its two."""
    base = (quiz.id, lang, q.id)
    if q.kind == "true_false":
        words = _labels(lang)
        return [(ident(*base, "true"), words["true"], q.answer is True, None),
                (ident(*base, "false"), words["false"], q.answer is False, None)]
    out = []
    for i, c in enumerate(q.choices):
        why = _text(c.why, quiz, lang)
        out.append((ident(*base, str(i)), to_html(_text(c.text, quiz, lang) or ""), c.correct,
                    to_html(why) if why else None))
    return out


def _item(section, q: Question, quiz: Quiz, lang: str):
    qid = ident(quiz.id, lang, q.id)
    item = _sub(section, "item", {"ident": qid, "title": q.title or q.id})
    choices = _choices(q, quiz, lang) if q.kind in ("single", "multi", "true_false") else []
    if choices:
        answer_ids = ",".join(c[0] for c in choices)
    else:
        answer_ids = ident(quiz.id, lang, q.id, "answer") if q.kind == "numeric" else ""
    meta = _sub(_sub(item, "itemmetadata"), "qtimetadata")
    for label, entry in (("question_type", TYPES[q.kind]), ("points_possible", str(POINTS)),
                         ("original_answer_ids", answer_ids),
                         ("assessment_question_identifierref", ident(quiz.id, lang, q.id, "ref"))):
        field = _sub(meta, "qtimetadatafield")
        _sub(field, "fieldlabel", text=label)
        _sub(field, "fieldentry", text=entry)

    stem = to_html(_text(q.stem, quiz, lang) or "")
    if isinstance(q.answer, Numeric) and q.answer.unit:
        stem += f"\n<p>{_labels(lang)['unit']}: {html.escape(q.answer.unit, quote=False)}</p>"
    pres = _sub(item, "presentation")
    _material(pres, stem)
    if choices:
        card = "Multiple" if q.kind == "multi" else "Single"
        render = _sub(_sub(pres, "response_lid", {"ident": "response1", "rcardinality": card}), "render_choice")
        for cid, text, _, _ in choices:
            _material(_sub(render, "response_label", {"ident": cid}), text)
    else:
        fib = _sub(_sub(pres, "response_str", {"ident": "response1", "rcardinality": "Single"}), "render_fib",
                   {"fibtype": "Decimal"} if q.kind == "numeric" else None)
        _sub(fib, "response_label", {"ident": "answer1"} if q.kind == "numeric" else {"ident": "answer1", "rshuffle": "No"})

    general = _general_feedback(q, quiz, lang)
    proc = _sub(item, "resprocessing")
    _sub(_sub(proc, "outcomes"), "decvar", {"maxvalue": "100", "minvalue": "0", "varname": "SCORE", "vartype": "Decimal"})
    if general:
        rc, var = _condition(proc, "Yes")
        _sub(var, "other")
        _sub(rc, "displayfeedback", {"feedbacktype": "Response", "linkrefid": "general_fb"})
    for cid, _, _, why in choices:
        if why:
            rc, var = _condition(proc, "Yes")
            _sub(var, "varequal", {"respident": "response1"}, cid)
            _sub(rc, "displayfeedback", {"feedbacktype": "Response", "linkrefid": f"{cid}_fb"})
    if q.kind in ("single", "true_false"):
        keys = [c[0] for c in choices if c[2]]
        if len(keys) != 1:      # the gate's QL201/QL203 stop this; a direct caller gets told
            raise FormatError(f"{q.id}: a {q.kind} question needs exactly one key for Canvas")
        rc, var = _condition(proc, "No")
        _sub(var, "varequal", {"respident": "response1"}, keys[0])
        _sub(rc, "setvar", {"action": "Set", "varname": "SCORE"}, "100")
    elif q.kind == "multi":
        rc, var = _condition(proc, "No")
        both = _sub(var, "and")
        for cid, _, correct, _ in choices:
            _sub(both if correct else _sub(both, "not"), "varequal", {"respident": "response1"}, cid)
        _sub(rc, "setvar", {"action": "Set", "varname": "SCORE"}, "100")
    elif q.kind == "numeric":
        how, low, high = numeric_bounds(q.answer)
        rc, var = _condition(proc, "No")
        if how == "exact":
            either = _sub(var, "or")
            _sub(either, "varequal", {"respident": "response1"}, _number(q.answer.value))
            within = _sub(either, "and")
        else:
            within = var
        _sub(within, "vargte", {"respident": "response1"}, _number(low))
        _sub(within, "varlte", {"respident": "response1"}, _number(high))
        _sub(rc, "setvar", {"action": "Set", "varname": "SCORE"}, "100")
    else:  # essay: graded by hand
        _, var = _condition(proc, "No")
        _sub(var, "other")

    if general:
        _feedback(item, "general_fb", general)
    for cid, _, _, why in choices:
        if why:
            _feedback(item, f"{cid}_fb", why)


def _assessment(quiz: Quiz, lang: str, aid: str) -> bytes:
    root = ET.Element("questestinterop", {"xmlns": QTI_NS})
    title = _text(quiz.title, quiz, lang) or quiz.id
    assessment = _sub(root, "assessment", {"ident": aid, "title": title})
    field = _sub(_sub(assessment, "qtimetadata"), "qtimetadatafield")
    _sub(field, "fieldlabel", text="cc_maxattempts")
    _sub(field, "fieldentry", text="1")
    section = _sub(assessment, "section", {"ident": "root_section"})
    for q in quiz.questions:
        _item(section, q, quiz, lang)
    return _xml(root)


def _meta(quiz: Quiz, lang: str, aid: str) -> bytes:
    root = ET.Element("quiz", {"identifier": aid, "xmlns": CANVAS_NS})
    title = _text(quiz.title, quiz, lang) or quiz.id
    points = _number(POINTS * len(quiz.questions))
    for tag, value in (("title", title), ("description", ""), ("shuffle_answers", "false"),
                       ("scoring_policy", "keep_highest"), ("quiz_type", "assignment"),
                       ("points_possible", points), ("show_correct_answers", "true"),
                       ("allowed_attempts", "1"), ("one_question_at_a_time", "false"),
                       ("cant_go_back", "false"), ("available", "false")):
        _sub(root, tag, text=value)
    assignment = _sub(root, "assignment", {"identifier": ident(quiz.id, lang, "assignment")})
    for tag, value in (("title", title), ("workflow_state", "unpublished"), ("quiz_identifierref", aid),
                       ("points_possible", points), ("grading_type", "points"),
                       ("submission_types", "online_quiz")):
        _sub(assignment, tag, text=value)
    _sub(root, "assignment_group_identifierref", text=ident(quiz.id, lang, "group"))
    return _xml(root)


def _manifest(aid: str, manifest_id: str, meta_id: str) -> bytes:
    root = ET.Element("manifest", {"identifier": manifest_id, "xmlns": IMSCP_NS})
    meta = _sub(root, "metadata")
    _sub(meta, "schema", text="IMS Content")
    _sub(meta, "schemaversion", text="1.1.3")
    _sub(root, "organizations")
    resources = _sub(root, "resources")
    res = _sub(resources, "resource", {"identifier": aid, "type": "imsqti_xmlv1p2"})
    _sub(res, "file", {"href": f"{aid}/{aid}.xml"})
    _sub(res, "dependency", {"identifierref": meta_id})
    dep = _sub(resources, "resource", {"identifier": meta_id,
                                       "type": "associatedcontent/imscc_xmlv1p1/learning-application-resource",
                                       "href": f"{aid}/assessment_meta.xml"})
    _sub(dep, "file", {"href": f"{aid}/assessment_meta.xml"})
    return _xml(root)
