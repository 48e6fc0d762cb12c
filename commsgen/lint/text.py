"""A rendered text prepared once for every text rule: masked, split into words and sentences,
with offsets that map back to 1-based line and column in the original text.

Masking replaces what is not prose (URLs, e-mail addresses, HTML tags, markdown link targets,
inline code) with spaces of the same length, so offsets never shift and a rule never reads
``https`` or ``div`` as a word.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from itertools import accumulate, compress, count, repeat
from operator import add, attrgetter, ge, not_, sub
from typing import NamedTuple

from commsgen.lint import repeats
from commsgen.lint.abbrev import not_an_end as _not_an_end
from commsgen.lint.abbrev import not_ends as _not_ends
from commsgen.lint.prose import Prose
from commsgen.redact.lazyre import lazy

_MASK = lazy(
    r"<[A-Za-z/!][^<>\n]*>"  # HTML tags and comments (one line)
    r"|\]\([^()\s]*+\)"  # markdown link target ](url)
    r"|\b(?:https?|ftp)://[^\s<>()\"']+"  # bare URLs
    # e-mail addresses: they start where a run of address characters starts (so a long run with no
    # address in it is tried once, not once per character: linear time)
    r"|(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)+"
    r"|`[^`\n]*`"  # inline code
)
_MASK_HINT = re.compile(r"[<`@]|\]\(|://")
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)*")
_BLOCK = 512  # pieces of the split summed together for word offsets (``Doc._offset``)
# the same words as one capturing group: ``split`` gives gap, word, gap, ..., word, gap in one pass
_WORD_SPLIT = re.compile(f"({_WORD.pattern})")
# a sentence ends at . ! ? (plus closing quotes/brackets) followed by whitespace or the end
_SENT_END = lazy(r"[.!?]+[\"'’”)\]*_]*(?=\s|$)")
_SENT_END_SPLIT = lazy(f"({_SENT_END.pattern})")  # the same, as one group: ``split`` keeps each end
# a line that starts a new block in markdown: heading, list item, quote, table row, rule
# Label lines are one-line blocks that are not prose: "**Affected services:** A, B", a line in bold,
# "Status: Resolved", "Resolved - 2026-11-20 15:20 UTC", a setext underline ("====").
_LABEL = r"\*\*[^*\n]+\*\*[ \t]*$|\*\*[^*\n]{1,40}:\*\*|[A-Z][\w ]{0,30}:[ \t]|[A-Z][a-z]+ - \d{4}-|[=-]{3,}[ \t]*$"
_BLOCK_START = lazy(r"^[ \t]*(?:#{1,6}\s|[-*+]\s|\d{1,3}[.)]\s|>|\||[-*_=]{3,}\s*$|" + _LABEL + ")")
_HEADING = lazy(r"^[ \t]*(?:#{1,6}\s|\||" + _LABEL + ")")
# a whitespace-separated chunk holding a letter or digit, tried only where a chunk starts (the plain
# \S*[A-Za-z0-9]\S* retried every position of a long run without one: quadratic)
_CHUNK = re.compile(r"(?<!\S)(?=\S*?[A-Za-z0-9])\S++")


def _bare(t: str) -> str:
    if t.endswith(("'s", "’s")):
        t = t[:-2]
    return t.replace("’", "'") if "’" in t else t


def _mask(text: str) -> str:
    """``text`` with what is not prose replaced by spaces of the same length: ``_MASK.sub`` (RE2 says
    where a match may start, so a megabyte of words is not tried at every character)."""
    if not _MASK_HINT.search(text):
        return text
    from commsgen.lint.prefilter import prefilter

    pieces: list[str] = []
    last = 0
    for m in prefilter((_MASK,)).finditer_text(0, text):
        start, end = m.span()
        pieces += (text[last:start], " " * (end - start))
        last = end
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)


_LONG_LINE = 32_768  # a line this long is prepared on its own and kept for the next text that holds it
_KEPT_LINES: dict[str, tuple[str, list[str]]] = {}
_KEPT_SENTENCES: dict[tuple[str, bool], tuple[list[int], list[int], list[str]]] = {}  # ``Doc._split``, long blocks


def _masked_parts(text: str) -> tuple[str, list[str]]:
    """``_mask(text)`` and ``_WORD_SPLIT.split`` of it. Both are line by line (no mask match and no
    word holds a newline, and what precedes a line, a newline, reads like the start of the text),
    so a long line is prepared once and kept: ``check`` reads the customer summary in the customer
    and the executive versions, a megabyte each."""
    if len(text) < 2 * _LONG_LINE or "\n" not in text:
        masked = _mask(text)
        return masked, _WORD_SPLIT.split(masked)
    chunks: list[str] = []  # runs of short lines, and each long line on its own (with its newline)
    start = pos = 0
    n = len(text)
    while pos < n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl + 1
        if end - pos >= _LONG_LINE:
            if pos > start:
                chunks.append(text[start:pos])
            chunks.append(text[pos:end])
            start = end
        pos = end
    if start < n:
        chunks.append(text[start:])
    masks: list[str] = []
    parts: list[str] = []
    for chunk in chunks:
        got = _KEPT_LINES.get(chunk) if len(chunk) >= _LONG_LINE else None
        if got is None:
            m = _mask(chunk)
            got = (m, _WORD_SPLIT.split(m))
            if len(chunk) >= _LONG_LINE:
                if len(_KEPT_LINES) >= 2:  # a megabyte line keeps tens of megabytes of words
                    _KEPT_LINES.pop(next(iter(_KEPT_LINES)))
                _KEPT_LINES[chunk] = got
        masks.append(got[0])
        if parts:  # the gap that ends one chunk and the gap that starts the next are one gap
            parts[-1] += got[1][0]
            parts += got[1][1:]
        else:
            parts = list(got[1])
    return "".join(masks), parts


def _last_space(m: str, s: int, e: int) -> int:
    """``max(m.rfind(" ", s, e), m.rfind("\\n", s, e), s - 1)``, looked for in windows that double
    back from ``e``: the cost is the length of the last word, not of the sentence so far (a line of
    "D. D. D. ..." holds no sentence end and no newline: each ``rfind("\\n")`` read back to the
    line's start, quadratic)."""
    w = 64
    while True:
        lo = max(s, e - w)
        cut = max(m.rfind(" ", lo, e), m.rfind("\n", lo, e))
        if cut >= 0:
            return cut
        if lo == s:
            return s - 1
        w *= 2


_IS_HEADING = attrgetter("heading")


class Sentence(NamedTuple):
    start: int
    end: int
    text: str
    heading: bool  # a markdown heading or table row: read as a label, not prose

    def word_count(self) -> int:
        """Whitespace-separated chunks with a letter or digit (``14:02`` is one word, ``-`` none):
        ``len(_CHUNK.findall(self.text))``."""
        return _CHUNK.subn("", self.text)[1]  # counted at C speed, no list of the chunks

    def word_count_at_most(self) -> int:
        """A cheap upper bound of ``word_count``."""
        return self.text.count(" ") + self.text.count("\n") + 1


class Doc:
    """One text, prepared once and shared by every rule.

    Words are kept as ``bare`` (as written, without a possessive ``'s``), from one C-speed
    ``split`` that also keeps the gaps between them; character offsets (``start(i)``, ``end(i)``)
    are the running sums of those pieces' lengths, computed (at C speed too) only when a rule
    reports a word. That keeps a 20 KB text under the TUI's budget, and a megabyte line of
    one-letter words in tens of milliseconds."""

    def __init__(self, text: str):
        self.text = text
        self.masked, parts = _masked_parts(text)  # parts: gap, word, gap, word, ..., gap
        words = parts[1::2]
        self._parts = parts
        apostrophes = "'" in self.masked or "’" in self.masked
        self.bare: list[str] = [_bare(t) for t in words] if apostrophes else words
        self.memo: dict = {}  # per-text results shared by rules
        self._spans: list[tuple[int, int]] | None = None
        self._offset_calls = 0  # ``_offset`` calls before ``spans`` is built
        self._block_ends: list[int] | None = None
        self._sentences: list[Sentence] | None = None
        self._line_starts: list[int] | None = None

    @classmethod
    def of(cls, text: str) -> Doc:
        return cls(text)

    def __len__(self) -> int:
        return len(self.bare)

    @property
    def spans(self) -> list[tuple[int, int]]:
        """(start, end) of each word: the running sum of the lengths of the gaps and words."""
        if self._spans is None:
            ends = list(accumulate(map(len, self._parts)))
            self._spans = list(zip(ends[0::2], ends[1::2]))
        return self._spans

    def _offset(self, j: int) -> int:
        """Where piece ``j`` of the split (gap, word, gap, ...) starts: the lengths of the pieces
        before it, summed by blocks of ``_BLOCK`` once, then within its block (a rule reports a few
        words of a megabyte text; no list of a million offsets is built for them)."""
        if self._spans is None:
            self._offset_calls += 1
            if self._offset_calls > 64 + len(self._parts) // _BLOCK:
                # as many words reported as it costs to sum every piece once: sum them all (a line
                # of a jargon word repeated has a hundred thousand findings)
                self.spans  # noqa: B018
        if self._spans is not None:
            return self._spans[j // 2][0] if j % 2 else self._spans[j // 2 - 1][1] if j else 0
        ends = self._block_ends
        parts = self._parts
        if ends is None:
            ends = self._block_ends = list(
                accumulate(sum(map(len, parts[k : k + _BLOCK])) for k in range(0, len(parts), _BLOCK))
            )
        k = j // _BLOCK
        return (ends[k - 1] if k else 0) + sum(map(len, parts[k * _BLOCK : j]))

    def start(self, i: int) -> int:
        return self._offset(2 * i + 1)

    def end(self, i: int) -> int:
        return self._offset(2 * i + 1) + len(self._parts[2 * i + 1])

    @property
    def texts(self) -> list[str]:
        """The words as they appear in the text (possessive included)."""
        return [self.masked[a:b] for a, b in self.spans]

    def candidates(self, firsts) -> list[int]:
        """Indexes of the words whose written or lower-case form is in ``firsts`` (a set-like).

        Set operations over the distinct words (a few hundred) pick the words that matter, then
        one membership test per word finds where they are."""
        vocab = self.memo.get("vocab")
        if vocab is None:
            vocab = {}
            for w in set(self.bare):
                vocab[w] = (w, w.lower())
            self.memo["vocab"] = vocab
        hot = {w for w, (b, lo) in vocab.items() if b in firsts or lo in firsts}
        if not hot:
            return []
        # one pass at C speed: the indexes, in order, of the words in ``hot``
        return list(compress(count(), map(hot.__contains__, self.bare)))

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset."""
        if self._line_starts is None:
            self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        i = bisect.bisect_right(self._line_starts, offset) - 1
        return i + 1, offset - self._line_starts[i] + 1

    def gap(self, i: int) -> str:
        """The characters between word ``i`` and word ``i + 1``."""
        return self._parts[2 * i + 2]

    @property
    def sentences(self) -> list[Sentence]:
        if self._sentences is None:
            self._sentences = self._split()
        return self._sentences

    def prose(self) -> list[Sentence]:
        """The sentences that are not headings: ``sentences`` without those whose ``heading`` is set,
        the heading blocks left unsplit when ``sentences`` is not made yet (a megabyte status line
        "Resolved - …: 1. 1. 1." is a label: its 300,000 sentences are not needed)."""
        if self._sentences is not None:
            return list(compress(self._sentences, map(not_, map(_IS_HEADING, self._sentences))))
        return self._split(headings=False)

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
            if heading and start is not None:  # a heading or table row is one line
                yield start, pos, heading
                start = None
        if start is not None:
            yield start, pos, heading

    def prose_view(self) -> Prose:
        """``prose()`` as columns (``lint.prose``): the sentences made only when asked."""
        if self._sentences is not None:
            return Prose.of(self.prose(), Sentence)
        return Prose([(lead, s, e, t) for lead, s, e, t, _ in self._segments(headings=False)], Sentence)

    def _split(self, headings: bool = True) -> list[Sentence]:
        """The sentences of every block (``headings``), or of every block but headings."""
        out: list[Sentence] = []
        for lead, starts, ends, texts, heading in self._segments(headings):
            if lead:
                starts, ends = list(map(add, starts, repeat(lead))), list(map(add, ends, repeat(lead)))
            out += _sentences(starts, ends, texts, heading)
        return out

    def _segments(self, headings: bool = True) -> Iterator[tuple[int, list[int], list[int], list[str], bool]]:
        """(move by, starts, ends, texts, heading) of the sentences of each block (``headings``: heading
        blocks too): a long block's as kept, to be moved by where it starts."""
        m = self.masked
        for bstart, bend, heading in self._blocks():
            if heading and not headings:
                continue
            if bend - bstart < _LONG_LINE:
                yield (0, *self._block_parts(bstart, bend), heading)
                continue
            # a long block is split once for every output it is in: its sentences depend on its own
            # characters only, and not on spaces and newlines around them (a sentence is stripped;
            # a sentence end may be followed by a space, a newline or the end)
            block = m[bstart:bend]
            core = block.lstrip(" \n")
            lead = bstart + len(block) - len(core)
            core = core.rstrip(" \n")
            got = _KEPT_SENTENCES.get((core, heading))
            if got is None:
                starts, ends, texts = self._block_parts(bstart, bend)
                got = (list(map(sub, starts, repeat(lead))), list(map(sub, ends, repeat(lead))), texts)
                if len(_KEPT_SENTENCES) >= 2:
                    _KEPT_SENTENCES.pop(next(iter(_KEPT_SENTENCES)))
                _KEPT_SENTENCES[(core, heading)] = got
            yield (lead, *got, heading)

    def _block_sentences(self, bstart: int, bend: int, heading: bool) -> list[Sentence]:
        return _sentences(*self._block_parts(bstart, bend), heading)

    def _block_parts(self, bstart: int, bend: int) -> tuple[list[int], list[int], list[str]]:
        """(starts, ends, texts) of the sentences of the block ``masked[bstart:bend]``: its pieces
        between sentence ends, stripped, that hold a letter or digit; made list by list (a line of
        a hundred thousand sentences, ``1. 1. 1.``, costs a few C-speed passes per sentence)."""
        m = self.masked
        cuts = [bstart, *_block_ends(m, bstart, bend), bend]
        # each piece stripped (the leading part of its length moves its start), kept when it holds
        # a whitespace-separated chunk with a letter or digit (told once per distinct piece if few)
        pieces = list(map(m.__getitem__, map(slice, cuts, cuts[1:])))
        got = repeats.parts_by_piece(cuts, pieces, _CHUNK.search)
        if got is not None:
            starts, ends, texts, keep = got
        else:
            texts = list(map(str.strip, pieces))
            starts = list(map(sub, map(add, cuts, map(len, pieces)), map(len, map(str.lstrip, pieces))))
            ends = list(map(add, starts, map(len, texts)))
            keep = list(map(bool, map(_CHUNK.search, texts)))
        if not all(keep):
            starts, ends, texts = list(compress(starts, keep)), list(compress(ends, keep)), list(compress(texts, keep))
        return starts, ends, texts


def _block_ends(m: str, bstart: int, bend: int) -> list[int]:
    """Where the sentences of the block ``m[bstart:bend]`` end (``_sentence_ends``), line by line
    when it is long: no candidate end holds a newline, and the word before one never reaches back
    past a newline, so each line's ends are its own; and the spaces around a line change only where
    they sit. So a long line's ends are kept for the next block that holds it (``check`` reads the
    customer summary as its own paragraph in one output, after a "Summary" line in another)."""
    if bend - bstart < _LONG_LINE:
        return _sentence_ends(m, bstart, bend)
    out: list[int] = []
    pos = run = bstart  # ``run``: where the short lines not yet read start
    while pos < bend:
        nl = m.find("\n", pos, bend)
        le = bend if nl < 0 else nl
        if le - pos >= _LONG_LINE:
            if run < pos:
                out += _sentence_ends(m, run, pos - 1)
            run = le + 1
            line = m[pos:le]
            core = line.strip(" ")
            lead = pos + len(line) - len(line.lstrip(" "))
            got = _KEPT_ENDS.get(core)
            if got is None:
                got = _sentence_ends(m, lead, lead + len(core))
                got = list(map(sub, got, repeat(lead))) if lead else got  # at C speed
                if len(_KEPT_ENDS) >= 2:
                    _KEPT_ENDS.pop(next(iter(_KEPT_ENDS)))
                _KEPT_ENDS[core] = got
            out += map(add, got, repeat(lead)) if lead else got
        pos = le + 1
    if run < bend:
        out += _sentence_ends(m, run, bend)
    return out


_KEPT_ENDS: dict[str, list[int]] = {}  # ``_block_ends``: a long line's ends, from its first character


def _sentence_ends(m: str, bstart: int, bend: int) -> list[int]:
    """The ends of the candidate sentence ends of ``m[bstart:bend]`` that end a sentence."""
    split, es, ees = candidate_pieces(m, bstart, bend)
    few = repeats.ends_by_gap(m, bstart, split, ees, _not_an_end, _last_space) if es else None
    if few is not None:  # a line of one unit repeated: each distinct gap looked at once
        return few
    # the last space or newline before each candidate end, looked for in the 64 characters
    # before it (C-speed passes); where one lies after the previous candidate, the word before
    # the end is known without knowing which earlier candidates were sentence ends
    los = [max(bstart, e - 64) for e in es]
    seps = list(map(max, map(m.rfind, repeat(" "), los, es), map(m.rfind, repeat("\n"), los, es)))
    if seps:  # the first candidate's word may start the block
        seps[0] = _last_space(m, bstart, es[0])
    if all(map(ge, seps[1:], ees)):
        words = map(m.__getitem__, map(slice, map(add, seps, repeat(1)), es))
        lasts = list(map(str.strip, words, repeat("(\"'")))
        return list(compress(ees, map(not_, _not_ends(lasts))))
    cuts = []
    s = bstart
    for e, ee in zip(es, ees):
        if _not_an_end(m[_last_space(m, s, e) + 1 : e].strip("(\"'")):
            continue
        s = ee
        cuts.append(s)
    return cuts


def candidate_ends(m: str, bstart: int, bend: int) -> tuple[list[int], list[int]]:
    """(starts, ends) of the candidate sentence ends in ``m[bstart:bend]``: the spans of
    ``_SENT_END.finditer(m, bstart, bend)``, from one ``split`` (no match object per candidate; the
    pieces' lengths summed give where each starts and ends)."""
    return candidate_pieces(m, bstart, bend)[1:]


def candidate_pieces(m: str, bstart: int, bend: int) -> tuple[list[str], list[int], list[int]]:
    """``candidate_ends`` and the ``split`` it comes from (gap, end, gap, ..., gap)."""
    split = _SENT_END_SPLIT.split(m[bstart:bend])
    bounds = list(accumulate(map(len, split), initial=bstart))
    n = len(split) // 2
    return split, bounds[1 : 2 * n : 2], bounds[2 : 2 * n + 1 : 2]


def _sentences(starts: list[int], ends: list[int], texts: list[str], heading: bool) -> list[Sentence]:
    """``Sentence(start, end, text, heading)`` for each, made at C speed (``tuple.__new__`` is what
    a named tuple's constructor calls)."""
    return list(map(tuple.__new__, repeat(Sentence), zip(starts, ends, texts, repeat(heading))))
