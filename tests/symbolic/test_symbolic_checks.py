"""Each check kind with a true and a false claim, proved in one batch of workers."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT, make_job

from quizlint import codes
from quizlint.problem import Severity
from quizlint.symbolic import run

CE = {"of": "-Sum(y[j] * log(softmax(z)[j]), j)", "wrt": "z[i]", "equals": "answer", "size": 3,
      "where": {"p": "softmax(z)"}, "given": ["Sum(y[j], j) = 1"]}
KAPPA = {"positive": ["mu", "lam"], "greater": {"L": "mu"}}
CHINCHILLA = {"expr": "406.4/N**0.34 + 410.7/D**0.28 + 1.69", "where": {"N": "70e9", "D": "1.4e12"}}

#: name -> (kind, fields, answer.expr, expected code or None, regex the message must match)
CASES = {
    "equal-true": ("equal", {"lhs": "sin(x)**2 + cos(x)**2", "rhs": "1"}, None, None, ""),
    "equal-false": ("equal", {"lhs": "(x + 1)**2", "rhs": "x**2 + 1"}, None, "QL601",
                    r"^`\(x \+ 1\)\*\*2` and `x\*\*2 \+ 1` differ at x = -?[\d.]+: "
                    r"-?[\d.]+ vs -?[\d.]+$"),
    "equal-assume": ("equal", {"lhs": "sqrt(x**2)", "rhs": "x", "assume": {"positive": ["x"]}},
                     None, None, ""),
    "equal-needs-assume": ("equal", {"lhs": "sqrt(x**2)", "rhs": "x"}, None, "QL601",
                           r"differ at x = -[\d.]+: [\d.]+ vs -[\d.]+ \(no sign assumed for x"),
    "equal-undecided": ("equal", {"lhs": "log(exp(x))", "rhs": "x"}, None, "QL602",
                        r"agree at \d+ random points.*`real: \[x\]`"),
    "equal-where-size": ("equal", {"lhs": "Sum(p[j], j)", "rhs": "1", "size": 4,
                                   "where": {"p": "softmax(z)"}}, None, None, ""),
    "equal-piecewise": ("equal", {"lhs": "Max(0, x)", "rhs": "(x + Abs(x))/2",
                                  "assume": {"real": ["x"]}}, None, None, ""),
    "equal-sum": ("equal", {"lhs": "(1 - b)*Sum(b**(t - k), (k, 1, t))", "rhs": "1 - b**t",
                            "assume": {"positive": ["b"], "integer": ["t"]}}, None, None, ""),
    "names-are-symbols": ("equal", {"lhs": "log(E)", "rhs": "1"}, None, "QL601",
                          r"differ at E = "),
    "equal-answer": ("equal", {"lhs": "tanh(x)", "rhs": "answer"}, "2*sigmoid(2*x) - 1",
                     None, ""),
    "derivative-true": ("derivative", {"of": "1/(1+exp(-x))", "wrt": "x",
                                       "equals": "sigmoid(x)*(1 - sigmoid(x))"}, None, None, ""),
    "derivative-false": ("derivative", {"of": "1/(1+exp(-x))", "wrt": "x",
                                        "equals": "sigmoid(x)*(1 + sigmoid(x))"}, None, "QL601",
                         r"^d/dx of 1/\(1\+exp\(-x\)\) is exp\(-x\)/\(1 \+ exp\(-x\)\)\*\*2; "
                         r"the key "
                         r"`sigmoid\(x\)\*\(1 \+ sigmoid\(x\)\)` differs at x = -?[\d.]+: "
                         r"[\d.]+ vs [\d.]+$"),
    "softmax-ce-true": ("derivative", CE, "p_i - y_i", None, ""),
    "softmax-ce-false": ("derivative", CE, "y_i - p_i", "QL601",
                         r"^d/dz_0 of .* the key `y_i - p_i` \(with i = 0\) differs at .*z_0 = "),
    "solve-true": ("solve", {"equation": "r*h*(1 - p) = h", "for": "r", "equals": "answer"},
                   "r = 1/(1 - p)", None, ""),
    "solve-false": ("solve", {"equation": "r*h*(1 - p) = h", "for": "r",
                              "equals": "1/(1 + p)"}, None, "QL601",
                    r"^r = 1/\(p \+ 1\) does not satisfy `r\*h\*\(1 - p\) = h`"),
    "solve-missing-root": ("solve", {"equation": "x**2 = 4", "for": "x", "equals": [2]}, None,
                           "QL601", r"gives \{-2, 2\}; the key misses x = -2$"),
    "solve-set": ("solve", {"equation": "x**2 - 5*x + 6", "for": "x", "equals": "{3, 2}"},
                  None, None, ""),
    "inequality-true": ("inequality", {"claim": "(L + lam)/(mu + lam) < L/mu", "assume": KAPPA},
                        None, None, ""),
    "inequality-false": ("inequality", {"claim": "(L + lam)/(mu + lam) > L/mu",
                                        "assume": KAPPA}, None, "QL601",
                         r"fails at L = [\d.]+, lam = [\d.]+, mu = [\d.]+: "
                         r"[\d.]+ > [\d.]+ is false"),
    "inequality-sqrt": ("inequality", {"claim": "sqrt(kappa) < kappa",
                                       "assume": {"greater": {"kappa": 1}}}, None, None, ""),
    "inequality-undecided": ("inequality", {"claim": "exp(x) + exp(y) >= 2*exp((x + y)/2)",
                                            "assume": {"real": ["x", "y"]}}, None, "QL602",
                             r"^undecided: .* reduces to the sign of "),
    "numeric-true": ("numeric", dict(CHINCHILLA, value=1.937, tolerance=0.005), None, None, ""),
    "numeric-false": ("numeric", dict(CHINCHILLA, value=2.5, rel_tolerance="1e-3"), None,
                      "QL601", r"evaluates to 1\.93\d+, not 2\.5 \(off by 0\.563"),
    "broadcast-true": ("broadcast", {"shapes": [[4, 5, 1, 3], ["p", 5, 3]], "vary": {"p": [1, 5]},
                                     "result": [4, 5, 5, 3]}, None, None, ""),
    "broadcast-false": ("broadcast", {"shapes": [[4, 5, 1, 3], ["p", 5, 3]], "vary": {"p": [1]},
                                      "result": [4, 5, 5, 3]}, None, "QL601",
                        r"succeeds for p in \{1, 5\} \(tried p in 1\.\.6\), not p in \{1\}"),
    "broadcast-error": ("broadcast", {"shapes": [[3, 4], [5, 4]], "result": "error"}, None,
                        None, ""),
    "broadcast-wrong": ("broadcast", {"shapes": [[3, 1], [1, 4]], "result": [3, 1]}, None,
                        "QL601", r"^\[3, 1\] \+ \[1, 4\] gives \[3, 4\], not \[3, 1\]$"),
    "matmul-true": ("broadcast", {"shapes": [["B", "m", "d"], ["B", "d", "n"]], "matmul": True,
                                  "result": ["B", "m", "n"]}, None, None, ""),
    "matmul-false": ("broadcast", {"shapes": [[2, 3], [4, 5]], "matmul": True,
                                   "result": [2, 5]}, None, "QL601",
                     r"^\[2, 3\] @ \[4, 5\] fails \(inner dims 3 and 4 differ\), not \[2, 5\]$"),
    "condition-true": ("condition_number", {"loss": "L/2*x**2 + mu/2*y**2", "wrt": ["x", "y"],
                                            "equals": "L/mu", "assume": KAPPA}, None, None, ""),
    "condition-false": ("condition_number", {"loss": "x**2 + 5*y**2", "wrt": ["x", "y"],
                                             "equals": 2}, None, "QL601",
                        r"eigenvalues \[2, 10\], so the condition number is 5, not `2`"),
    "invalid-kind": ("bogus", {"x": 1}, None, "QL604", r"unknown check kind `bogus`"),
    "invalid-missing": ("equal", {"lhs": "x"}, None, "QL604", r"missing `rhs`"),
    "invalid-field": ("equal", {"lhs": "x", "rhs": "x", "asume": {}}, None, "QL604",
                      r"unknown field `asume`"),
    "invalid-assumption": ("equal", {"lhs": "x", "rhs": "x", "assume": {"odd": ["x"]}}, None,
                           "QL604", r"unknown assumption `odd`"),
    "invalid-no-answer": ("equal", {"lhs": "x", "rhs": "answer"}, None, "QL604",
                          r"`rhs: answer` but the question has no `answer.expr`"),
    "invalid-sum-size": ("equal", {"lhs": "Sum(y[j], j)", "rhs": "1"}, None, "QL604",
                         r"give the check a `size`"),
    "answer-ok": ("answer", {"expr": "p_i - y_i"}, "p_i - y_i", None, ""),
    "answer-rejected": ("answer", {"expr": "os.system(1)"}, "os.system(1)", "QL603",
                        r"attribute access `\.system`"),
}


@pytest.fixture(scope="module")
def verdicts():
    jobs = [make_job(kind, spec, answer, name) for name, (kind, spec, answer, _c, _m)
            in CASES.items()]
    problems = run(jobs, timeout=30, workers=2, cache_dir=None)
    found = {}
    for problem in problems:
        assert problem.question not in found, problem
        found[problem.question] = problem
    return found


@pytest.mark.parametrize("name", CASES)
def test_claim(verdicts, name):
    kind, spec, _answer, code, pattern = CASES[name]
    problem = verdicts.get(name)
    if code is None:
        assert problem is None, problem.message
        return
    assert problem is not None and problem.code == code, problem
    assert re.search(pattern, problem.message), problem.message
    declared = codes.CODES[code]
    assert (problem.rule, problem.severity) == (declared.name, declared.severity)
    assert not problem.message.startswith("QL6")


def test_problems_point_at_the_offending_field(verdicts):
    # make_job puts field number k of the spec at line 11 + k, column 12
    assert (verdicts["equal-false"].line, verdicts["equal-false"].column) == (12, 12)  # rhs
    assert verdicts["derivative-false"].line == 13                                     # equals
    assert verdicts["invalid-field"].line == 13                                        # asume
    assert (verdicts["invalid-kind"].line, verdicts["invalid-kind"].column) == (10, 7)  # check


def test_codes_are_documented():
    assert {c.code for c in codes.SYMBOLIC} == {"QL601", "QL602", "QL603", "QL604"}
    assert (codes.CHECK_UNDECIDED.name, codes.CHECK_UNDECIDED.severity) == \
        ("check-undecided", Severity.WARNING)
    for code in codes.SYMBOLIC:
        assert code.name and isinstance(code.severity, Severity) and code.summary
        assert len(code.doc) > 80


def test_the_symbolic_package_spells_no_code_itself():
    # Every QL6xx code comes from quizlint.codes (one declaration per code): no "QL6xx" literal.
    package = ROOT / "src" / "quizlint" / "symbolic"
    spelled = {path.name: re.findall(r"[\"']QL\d{3}[\"']", path.read_text("utf-8"))
               for path in package.glob("*.py")}
    assert {name: found for name, found in spelled.items() if found} == {}
