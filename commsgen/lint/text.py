"""A rendered text prepared once for every text rule: masked, split into words and sentences,
with offsets that map back to 1-based line and column in the original text.

Masking replaces what is not prose (URLs, e-mail addresses, HTML tags, markdown link targets,
inline code) with spaces of the same length, so offsets never shift and a rule never reads
``https`` or ``div`` as a word.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

_MASK = re.compile(
    r"<[A-Za-z/!][^<>\n]*>"                     # HTML tags and comments (one line)
    r"|\]\([^)\s]*\)"                           # markdown link target ](url)
    r"|\b(?:https?|ftp)://[^\s<>()\"']+"        # bare URLs
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"            # e-mail addresses
    r"|`[^`\n]*`"                               # inline code
)
_MASK_HINT = re.compile(r"[<`@]|\]\(|://")
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)*")
# a sentence ends at . ! ? (plus closing quotes/brackets) followed by whitespace or the end
_SENT_END = re.compile(r"[.!?]+[\"'’”)\]*_]*(?=\s|$)")
# words after which a dot does not end a sentence: lower-case ones as written in any case,
# titles and month/day names only when capitalised ("The cat sat." ends; "Sat. 21 Nov" does not)
_ABBREV_ANY = frozenset("e.g i.e etc vs approx cf".split())
_ABBREV_CAP = frozenset("Mr Mrs Ms Dr St Inc Ltd Co No Dept Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov "
                        "Dec Mon Tue Tues Wed Thu Thurs Fri Sat Sun".split())
# a line that starts a new block in markdown: heading, list item, quote, table row, rule
_BLOCK_START = re.compile(r"^[ \t]*(?:#{1,6}\s|[-*+]\s|\d{1,3}[.)]\s|>|\||[-*_]{3,}\s*$)")
_HEADING = re.compile(r"^[ \t]*(?:#{1,6}\s|\|)")
_CHUNK = re.compile(r"\S*[A-Za-z0-9]\S*")


def _bare(t: str) -> str:
    if t.endswith(("'s", "’s")):
        t = t[:-2]
    return t.replace("’", "'") if "’" in t else t


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    heading: bool      # a markdown heading or table row: read as a label, not prose

    def word_count(self) -> int:
        return len(_CHUNK.findall(self.text))


@dataclass
class Doc:
    """``starts``/``ends``/``texts`` are parallel lists over the words (cheaper than one object per
    word on a 20 KB text); ``keys`` holds each word's look-up keys for the word tries, built
    once and shared by every rule."""
    text: str
    masked: str
    starts: list[int]
    ends: list[int]
    texts: list[str]
    _line_starts: list[int] = field(repr=False)
    _sentences: list[Sentence] | None = field(default=None, repr=False)
    _keys: list[tuple[str, str]] | None = field(default=None, repr=False)
    memo: dict = field(default_factory=dict, repr=False)   # per-text results shared by rules

    @classmethod
    def of(cls, text: str) -> "Doc":
        masked = _MASK.sub(lambda m: " " * len(m.group()), text) if _MASK_HINT.search(text) else text
        ms = list(_WORD.finditer(masked))
        starts = [0] + [m.end() for m in re.finditer("\n", text)]
        return cls(text, masked, [m.start() for m in ms], [m.end() for m in ms], [m.group() for m in ms], starts)

    @property
    def keys(self) -> list[tuple[str, str]]:
        """Each word's trie look-up keys: (as written without a possessive 's, lower case)."""
        if self._keys is None:
            bare = [t if ("'" not in t and "’" not in t) else _bare(t) for t in self.texts]
            self._keys = list(zip(bare, [b.lower() for b in bare]))
        return self._keys

    @property
    def positions(self) -> dict[str, list[int]]:
        """Look-up key -> indexes of the words with that key (as written, and lower case)."""
        pos = self.memo.get("positions")
        if pos is None:
            pos = {}
            for i, (b, lo) in enumerate(self.keys):
                pos.setdefault(b, []).append(i)
                if lo != b:
                    pos.setdefault(lo, []).append(i)
            self.memo["positions"] = pos
        return pos

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset."""
        i = bisect.bisect_right(self._line_starts, offset) - 1
        return i + 1, offset - self._line_starts[i] + 1

    def gap(self, i: int) -> str:
        """The characters between word ``i`` and word ``i + 1``."""
        return self.masked[self.ends[i]:self.starts[i + 1]]

    @property
    def sentences(self) -> list[Sentence]:
        if self._sentences is None:
            self._sentences = list(self._split())
        return self._sentences

    def _blocks(self):
        """(start, end, heading) of blocks: paragraphs, list items, headings."""
        start = None
        heading = False
        pos = 0
        for line in self.masked.splitlines(keepends=True):
            stripped = line.strip()
            if not stripped or _BLOCK_START.match(line):
                if start is not None:
                    yield start, pos, heading
                    start = None
            if stripped and start is None:
                start, heading = pos, bool(_HEADING.match(line))
            pos += len(line)
            if heading and start is not None:      # a heading or table row is one line
                yield start, pos, heading
                start = None
        if start is not None:
            yield start, pos, heading

    def _split(self):
        m = self.masked
        for bstart, bend, heading in self._blocks():
            s = bstart
            for end in _SENT_END.finditer(m, bstart, bend):
                cut = max(m.rfind(" ", s, end.start()), m.rfind("\n", s, end.start()), s - 1)
                last = m[cut + 1:end.start()].strip("(\"'")
                if (last.lower() in _ABBREV_ANY or last in _ABBREV_CAP or (len(last) == 1 and last.isupper())
                        or re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", last)):
                    continue   # e.g. / Dr. / U.S. / an initial: not a sentence end
                yield from self._sentence(s, end.end(), heading)
                s = end.end()
            yield from self._sentence(s, bend, heading)

    def _sentence(self, start: int, end: int, heading: bool):
        seg = self.masked[start:end]
        lead = len(seg) - len(seg.lstrip())
        seg = seg.strip()
        if seg and _CHUNK.search(seg):
            start += lead
            yield Sentence(start, start + len(seg), seg, heading)
