"""Screen a SPARQL request before any engine sees it, from its tokens (the SPARQL 1.1 grammar's terminals: IRIs,
strings in their four forms, comments, variables, prefixed names, numbers, punctuation), never from regular
expressions over its raw text: what form it is (a query, or an update), whether it calls another endpoint
(SERVICE, as a keyword: `?service`, `dcat:service` or `schema:Service` are not), and how deep and long its
structure is — the engine's parser and evaluator recurse, and a short query of 5,000 nested groups overflows
their stack.

Codepoint escapes (`\\u0053ERVICE`) are decoded first, as SPARQL 1.1 §19.2 says a query string's are, so an
escaped keyword is found too."""

from __future__ import annotations

import re
from dataclasses import dataclass

# how deep brackets ({, (, [) may nest, how many unary operators may stand in a row, and how many operators or
# patterns one level may chain: far above what a real query needs (the sample queries nest 7 deep), far below
# what overflows the engine (measured: 5,000 nested groups, 10,000 chained `||` or `!`)
MAX_DEPTH = 64
MAX_UNARY = 64
MAX_CHAIN = 1000

QUERY_FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")
UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")
# binary operators and pattern connectives that make one level longer (a chain the engine folds recursively)
CHAINING = {"||", "&&", "/", "|", "+", "-", "*", "=", "!=", "<", ">", "<=", ">=", ".", ";", ",", "UNION", "OPTIONAL",
            "MINUS", "FILTER", "BIND", "VALUES"}  # fmt: skip

PN_CHARS_BASE = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"  # noqa: E501
PN_CHARS_U = PN_CHARS_BASE + "_"
PN_CHARS = PN_CHARS_U + "\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
PLX = r"%[0-9A-Fa-f]{2}|\\[_~.!$&'()*+,;=/?#@%-]"
PN_PREFIX = f"[{PN_CHARS_BASE}](?:[{PN_CHARS}.]*[{PN_CHARS}])?"
PN_LOCAL = f"(?:[{PN_CHARS_U}:0-9]|{PLX})(?:(?:[{PN_CHARS}.:]|{PLX})*(?:[{PN_CHARS}:]|{PLX}))?"
TOKEN = re.compile(
    "|".join(
        f"(?P<{name}>{pattern})"
        for name, pattern in (
            ("ws", r"[ \t\r\n]+"),
            ("comment", r"#[^\r\n]*"),
            ("long2", r'"""(?:(?:"|"")?(?:[^"\\]|\\.))*"""'),
            ("long1", r"'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''"),
            ("string2", r'"(?:[^"\\\r\n]|\\.)*"'),
            ("string1", r"'(?:[^'\\\r\n]|\\.)*'"),
            ("iri", r"<[^<>\"{}|^`\\\x00-\x20]*>"),
            ("var", f"[?$](?:[{PN_CHARS_U}0-9])(?:[{PN_CHARS_U}0-9\u00b7\u0300-\u036f\u203f-\u2040])*"),
            ("langtag", r"@[A-Za-z]+(?:-[A-Za-z0-9]+)*"),
            ("blank", f"_:[{PN_CHARS_U}0-9](?:[{PN_CHARS}.]*[{PN_CHARS}])?"),
            ("pname", f"(?:{PN_PREFIX})?:(?:{PN_LOCAL})?"),
            ("number", r"[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?|[0-9]+\.(?:[eE][+-]?[0-9]+)?"),
            ("word", r"[A-Za-z_][A-Za-z0-9_]*"),
            ("punct", r"\^\^|&&|\|\||!=|<=|>=|[{}()\[\].,;^!|/*+\-=<>?]"),
        )
    )
)
ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
OPEN, CLOSE = "{([", "})]"
# what a unary operator follows (an operator, an opening bracket or a comma: not an operand)
UNARY_CONTEXT = {"", "(", ",", "!", "-", "+", "&&", "||", "=", "!=", "<", ">", "<=", ">=", "*", "/"}


@dataclass(frozen=True)
class Screen:
    """What a request is, from its tokens."""

    form: str  # SELECT, CONSTRUCT, ASK, DESCRIBE, an update word, or "" when none is found
    service: bool  # a SERVICE keyword
    depth: int  # the deepest nesting of brackets
    unary: int  # the longest run of unary operators
    chain: int  # the longest chain of operators and patterns within one level
    problem: str = ""  # a reason to refuse before evaluation (too deep, too long), in words

    @property
    def is_update(self) -> bool:
        return self.form in UPDATE_WORDS

    @property
    def is_graph(self) -> bool:
        return self.form in ("CONSTRUCT", "DESCRIBE")


def decode_escapes(text: str) -> str:
    def code(m: re.Match) -> str:
        value = int(m.group(1) or m.group(2), 16)
        return chr(value) if value <= 0x10FFFF and not 0xD800 <= value <= 0xDFFF else "\ufffd"

    return ESCAPE.sub(code, text)


def tokens(text: str):
    """(kind, text) of each token; an unknown character is a token of its own (the engine will say what is wrong)."""
    i, n = 0, len(text)
    while i < n:
        m = TOKEN.match(text, i)
        if m is None or m.end() == i:
            yield "other", text[i]
            i += 1
            continue
        kind = m.lastgroup
        if kind not in ("ws", "comment"):
            yield kind, m.group()
        i = m.end()


def screen(query: str) -> Screen:
    """The form, SERVICE, depth and length of a request (a query or an update)."""
    text = decode_escapes(query)
    form, service = "", False
    depth = max_depth = unary = max_unary = 0
    chains = [0]
    max_chain = 0
    previous = ""
    for kind, token in tokens(text):
        word = token.upper() if kind == "word" else token
        if kind == "word" and not form and word not in ("PREFIX", "BASE"):
            form = word
        if kind == "word" and word == "SERVICE":
            service = True
        if token in OPEN and kind == "punct":
            depth += 1
            max_depth = max(max_depth, depth)
            chains.append(0)
        elif token in CLOSE and kind == "punct":
            depth = max(0, depth - 1)
            if len(chains) > 1:
                chains.pop()
        if kind == "punct" and token in ("!", "-", "+") and previous in UNARY_CONTEXT:
            unary += 1
            max_unary = max(max_unary, unary)
        else:
            unary = 0
        if word in CHAINING:
            chains[-1] += 1
            max_chain = max(max_chain, chains[-1])
        previous = token
    problem = ""
    if max_depth > MAX_DEPTH:
        problem = f"it nests {max_depth} levels of brackets deep; this endpoint evaluates at most {MAX_DEPTH}"
    elif max_unary > MAX_UNARY:
        problem = f"it chains {max_unary} unary operators in a row; this endpoint evaluates at most {MAX_UNARY}"
    elif max_chain > MAX_CHAIN:
        problem = (
            f"one of its levels chains {max_chain} operators or patterns; this endpoint evaluates at most {MAX_CHAIN}"
        )
    return Screen(form, service, max_depth, max_unary, max_chain, problem)
