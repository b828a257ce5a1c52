"""A source-file map's entries asked as terms (issue 18, round 19's strict read).

A hacker's guide lists a program's source files, each with a short note: the ncurses guide's
``<dl>`` writes "lib_raw.c: various tty-manipulation calls", "lib_mvcur.c: assumes cursor
moves have variable cost", "lib_getch.c: read()", "lib_trace.c: used to write trace data to
the logfile". The offline generator read them as a glossary: "What is lib_raw.c?" =>
"Various tty-manipulation calls" (a file is not calls) and "What does lib_mvcur.c do?" =>
"Assumes cursor moves have variable cost" (the note says what the code assumes, not what the
file does). A file is asked what it is for, what it does or what it contains:

- "used to …" / "used for …" stays "What is X used for?" (the reader kept lib_trace.c's);
- a clause whose verb is a file's job ("handles", "implements", "defines", "writes", …) is
  "What does X do?";
- a clause whose verb is another ("assumes", "is", "was") is no answer about the file: none;
- a note that only names calls ("read()", "gettimeofday(), select().") names what the file
  uses, not what it holds or does: none;
- a noun phrase whose head is an activity ("input checking") is not contents: none;
- another noun phrase is what the file holds: "What does lib_raw.c contain?" => "Various
  tty-manipulation calls".
"""

from __future__ import annotations

import re

from studyapp.generation.words import is_verb

# A file's name: a path-less or path-ful name with a code, config or text extension.
_FILE_NAME = re.compile(
    r"[\w./+-]*\w\.(?:c|h|py|js|ts|rs|go|java|cc|cpp|cxx|hpp|hh|sh|pl|rb|conf|cfg|ini|txt|md|"
    r"html|json|yaml|yml|xml|toml)"
)

# What a file or module does: a note opening on one of these verbs says the file's job.
_JOBS = frozenset(
    [
        "handle",
        "implement",
        "define",
        "declare",
        "provide",
        "write",
        "read",
        "parse",
        "contain",
        "hold",
        "manage",
        "generate",
        "compute",
        "convert",
        "translate",
        "build",
        "create",
        "load",
        "store",
        "export",
        "import",
        "initialize",
        "initialise",
        "support",
        "process",
        "wrap",
        "test",
        "configure",
        "list",
        "describe",
        "document",
        "emit",
        "print",
        "output",
        "render",
        "draw",
        "compile",
        "run",
        "check",
        "validate",
        "format",
        "encode",
        "decode",
        "map",
        "hash",
        "allocate",
        "update",
        "install",
        "register",
        "dispatch",
        "schedule",
        "execute",
        "interpret",
        "serialize",
        "deserialize",
    ]
)

# A note that names only calls ("read()", "gettimeofday(), select().").
_CALLS_ONLY = re.compile(r"\w+\(\)(?:\s*(?:,|and|or)\s*\w+\(\))*\.?", re.IGNORECASE)

_USED = re.compile(r"^used (?P<how>to|for)\s+(?P<rest>\S.*)$", re.IGNORECASE)


def file_name(term: str) -> bool:
    """Is ``term`` a file's name ("lib_raw.c", "tiffio.h", "setup.cfg")?"""
    return _FILE_NAME.fullmatch(term.strip()) is not None


def _clause_verb(words: list[str]) -> bool:
    """Does the note open on a verb's third person ("assumes …", "handles …", "is …")? A word
    followed by "of" is a plural noun ("Lists of …"), a base form a noun's modifier ("Signal
    calls", "Test data")."""
    w = words[0].lower().strip(".,;:")
    if len(words) > 1 and words[1].lower() == "of":
        return False
    if w in {"is", "was", "are", "were", "has", "had"}:
        return True
    return w.endswith("s") and not w.endswith("ss") and is_verb(w)


def _job(word: str) -> bool:
    """Is the third person ``word`` one of :data:`_JOBS` ("handles", "implements", "parses")?"""
    w = word.lower().strip(".,;:")
    return any(base in _JOBS for base in (w[:-1], w[:-2], w[:-3] + "y"))


def _activity(word: str) -> bool:
    """A gerund naming an activity ("checking", "parsing"), not a thing held: "string" is not."""
    w = word.lower().strip(".,;:")
    if not w.endswith("ing") or len(w) < 6:
        return False
    stem = w[:-3]
    return is_verb(stem) or is_verb(stem + "e") or (stem[-1:] == stem[-2:-1] and is_verb(stem[:-1]))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def file_question(subject: str, back: str) -> tuple[str, str] | None:
    """(front, back) for a file ``subject`` whose map note is ``back``; ``None`` when the note
    says nothing a question about the file can ask (see the module's docstring)."""
    note = back.strip()
    if not note:
        return None
    used = _USED.match(note)
    if used:  # "used to write trace data to the logfile"
        to = "To " if used["how"].lower() == "to" else ""
        return f"What is {subject} used for?", _capital(to + used["rest"])
    if _CALLS_ONLY.fullmatch(note):
        return None  # "read()": a call the file makes, not what it is or holds
    words = note.split()
    if _clause_verb(words):
        if _job(words[0]):
            return f"What does {subject} do?", _capital(note)
        return None  # "assumes there may be multiple terminals": not the file's job
    if _activity(words[-1].rstrip(".")):
        return None  # "input checking": an activity, not what the file holds
    return f"What does {subject} contain?", _capital(note)
