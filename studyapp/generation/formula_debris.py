"""Formulas whose superscripts were lost on the way to plain text (issue 18, round 17's read).

A textbook page writes ``P(t)=P<sub>0</sub>e<sup>rt</sup>``; the cleaner keeps the text of the
tags and drops the tags, so the card reads "P(t)=P0ert" (round 17's reader: "the formula lost
its superscripts in conversion … a back with a run-together formula token is debris"). The
exponent glued to its base is not recoverable from the text alone (is "P0ert" P₀e^{rt} or
P₀·e·r·t?), so such a card is refused, not mended. A subscript alone ("P0=100", "t=0") still
reads as the name it is and stays.
"""

from __future__ import annotations

import re

# One side of an equation (a run of characters with "=" in it, no spaces), and in it a letter,
# digits, then a letter ("P0ert", "x2y") or digits, a letter and digits again ("100e0.03t").
_EQUATION = re.compile(r"\S*[^\s=<>!]=(?!=)\S+")
_GLUED = re.compile(r"[A-Za-z]\d+[A-Za-z]|\d[a-df-z]\d|\d[A-Za-z]+\d+(?:\.\d+)?[a-z]")


def glued_formula(text: str) -> str | None:
    """The equation in ``text`` whose exponent was run into its base ("P(t)=P0ert",
    "P(t)=100e0.03t"), or ``None``."""
    for m in _EQUATION.finditer(text):
        token = m.group(0).rstrip(".,;:)")
        left, _, right = token.partition("=")
        if _GLUED.search(right) or _GLUED.search(left):
            return token
    return None


# A bracket of formula tokens spaced out (round 18's read, filter_design.html: "Butterworth
# filters give transfer functions ( H ω and H s ) that are rational functions."): MathML's
# H(ω) and H(s) flattened to single letters and symbols, with spaces inside the brackets
# where the markup's elements were. Two such tokens side by side ("H ω") are no words; "and",
# "or" and commas may join them. A bracket written by hand ("(x, y)", "(a)") has no space
# after its opening bracket and is left alone.
_TOKEN = r"(?:[^\s\w()]|\w(?!\w))"  # one symbol or one letter or digit
_SPACED_FORMULA = re.compile(
    rf"\s*\(\s+(?:(?:{_TOKEN}|and|or|,)\s+)*{_TOKEN}\s+{_TOKEN}"
    rf"(?:\s+(?:{_TOKEN}|and|or|,))*\s+\)"
)


def without_spaced_formula(sentence: str) -> str:
    """The sentence without a bracket of flattened formula tokens ("transfer functions ( H ω
    and H s ) that are …" → "transfer functions that are …"): the bracket only restates the
    words before it in symbols the conversion broke, so the sentence stays whole without it."""
    return _SPACED_FORMULA.sub("", sentence)
