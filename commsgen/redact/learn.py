"""The draft teaches the gate: identifier-like terms learnt from engineering-only text become deny
terms for the public versions, with no configuration.

A term is learnt by its shape and its context:

- a host in a log line (``Dec 13 18:59:01 fritz bundle[588687]: ...``), in a command (``ssh db1``,
  ``psql -h db2.cluster``, ``knife ssh "role:gprd-db"``) or after ``on``/``from``/``to`` (``on
  patroni-03``; capitalised pet names such as ``on Freud and Franz`` when the sentence speaks of a
  machine: CPU, load, disk, reboot, ...);
- a cluster name (``Hellman Kubernetes cluster``, ``the patroni-main-v16 cluster``);
- a one-word code span (`` `k8s-janitor` ``, `` `fritz` ``);
- snake, kebab and camel case names with digits (``ADSync-CI-2``), and snake case names;
- ``@handles`` and people's names (``Niels Lunn``).

``learn_postmortem`` reads the engineering-only fields of a postmortem (everything but the
``customer``, ``status_page`` and ``executive`` texts and public event texts) and drops terms that
the file declares public (service public names, status page components). ``learn_text`` reads a loose text's own
engineering contexts (log lines, commands, code, host and cluster phrases, handles): what ``commsgen
scan`` uses, where there are no fields.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from commsgen.memo import text_memo
from commsgen.redact import likely_names as N
from commsgen.redact.extra_rules import LEARN_TRIGGER
from commsgen.redact.hosts import cloud_region_id
from commsgen.redact.lazyre import lazy
from commsgen.redact.learnwords import (
    HOSTNAME,
    ORDINAL,
    SOFTWARE_NUM,
    UPPER_KEY,
    VERSIONISH,
    host_ok,
    ident_ok,
    plain,
    public_host,
    strict_code,
)


class Learnt(NamedTuple):
    """A term a text teaches about itself (a tuple, not a dataclass: a scan's learners import this
    module in a forked process, where ``dataclasses`` would be imported for it alone)."""

    term: str
    kind: str  # internal-host | service | person
    how: str  # "a host", "a cluster name", "a code span", "an identifier", "a handle", "a name"
    where: str  # "timeline[3].text", "line 12"


KIND_RULES = {"internal-host": "learn.host", "service": "learn.identifier", "person": "learn.person"}

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
_HOSTCH = r"[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9]|[A-Za-z0-9]"
LOG_LINE = lazy(
    rf"(?:^|[\s|>*•`-])(?:{_MONTH}\s+\d{{1,2}}\s+\d\d:\d\d:\d\d|\d{{4}}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?"
    rf"(?:Z|[+-]\d\d:?\d\d)?)\s+(?P<host>{_HOSTCH})\s+[A-Za-z0-9_./-]+(?:\[\d+\])?:"
)
COMMAND = lazy(
    r"(?<![\w-])(?:ssh|scp|rsync|ping|telnet|mosh|traceroute|nslookup|knife\s+ssh|psql\s+-h|mysql\s+-h"
    r"|redis-cli\s+-h|mongo(?:sh)?\s+--host|--host(?:name)?[= ]|ssh(?:'d|ed)?\s+(?:in)?to|logged\s+(?:in)?to"
    r"|logged\s+in\s+to|login\s+to)\s+(?:-{1,2}[A-Za-z][\w-]*(?:[ =][^\s\"']+)?\s+){0,4}[\"']?(?:[\w.-]+@)?"
    rf"(?P<host>{_HOSTCH})"
)
ROLE = lazy(r"(?<![\w-])role:(?P<id>[A-Za-z][\w-]*[A-Za-z0-9])")
# a command option naming where it runs (``--project=cp-quota-prod``, ``--cluster prod-eu-2``): its
# value, when it has a separator or a digit (a letters-only value is left alone, as for code spans)
OPTION = lazy(
    r"(?<![\w-])--(?:project|cluster|namespace|context|profile|account|stack|db-instance-identifier"
    r"|db-cluster-identifier)[= ](?P<id>[A-Za-z][A-Za-z0-9]*(?:[-_][A-Za-z0-9]+)+|[A-Za-z]+\d[A-Za-z0-9]*)(?![\w.-])"
)
HOST_PHRASE = lazy(
    r"(?<![\w-])(?:on|from|to|at|into|via)\s+(?:the\s+)?(?:(?:host|server|node|machine|box|vm|instance|replica"
    r"|primary|secondary|leader|standby)\s+)?(?P<host>[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*)(?![\w@/-]|\.\w|:[0-9a-fA-F])"
)
CAP_HOSTS = lazy(
    r"(?<![\w-])(?:on|from|into|ssh|to|in)\s+(?P<caps>[A-Z][a-z]{2,}(?:\s*(?:,|and|&)\s*[A-Z][a-z]{2,})*)(?![\w-])"
)
MACHINE_WORDS = lazy(
    r"(?i)\b(?:cpu|load|memory|ram|disk|swap|ssh|reboot(?:ed)?|restart(?:ed)?|server|host"
    r"|machine|box|kernel|oom|iowait|i/o|daemon|cron)\b"
)
_PROPER_NEXT = re.compile(r"[ \t]+[A-Z][a-z]")  # another capitalised word after a name: one proper name
CLUSTER_WORDS = lazy(
    r"(?i)\b(?:cluster|pods?|nodes?|namespaces?|deploy(?:ed|ing|ment)?|kubectl|helm|ingress"
    r"|workloads?|daemonsets?|kubernetes|k8s)\b"
)
CLUSTER = lazy(
    r"(?<![\w-])(?P<name>[A-Z][a-z]{2,}|[a-z][a-z0-9]*(?:-[a-z0-9]+)+|[a-z]+\d[a-z0-9]*)\s+\(?(?:(?:Kubernetes|k8s"
    r"|K8s|EKS|AKS|GKE|standby|primary|replica|database|db)\s+)?(?:cluster|Kubernetes|k8s|K8s)s?(?![\w-])"
)
CODE_SPAN = lazy(r"`(?P<code>[^`\n]{1,100})`")
IDENT = lazy(
    r"(?<![\w.:@#?=&%+$-])(?<![a-z]/)(?P<id>[A-Za-z][A-Za-z0-9]*(?:[-_][A-Za-z0-9]+)+|[a-z]+[A-Z][A-Za-z]*\d[A-Za-z0-9]*)"
    r"(?![\w@-]|/[a-z]|\.[A-Za-z0-9]|\()"
)

TRIGGER = LEARN_TRIGGER  # the RE2 trigger of the lines that can teach a term (extra_rules.py)


def learn_line(line: str, where: str, *, strict: bool, out: list[Learnt]) -> None:
    """Append the terms one line (or one field's text) teaches. Each context's pattern runs only on
    lines holding its cheap marker (most candidate lines hold one context at most)."""
    low = line.lower()
    digit = _DIGIT.search(line) is not None
    if digit and ":" in line:
        _log_and_commands(line, low, where, out)
    elif _COMMAND_MARK.search(low) or "--" in line:
        _log_and_commands(line, low, where, out)
    if digit:
        for m in HOST_PHRASE.finditer(line):
            h = m.group("host")
            if (
                _DIGIT.search(h)
                and not VERSIONISH.search(h)
                and not UPPER_KEY.match(h)
                and host_ok(h)
                and not ORDINAL.match(h)
                and not cloud_region_id(h)
            ):
                out.append(
                    Learnt(
                        m.group("host"), "internal-host", f"a host (\u201c{m.group(0).split()[0]} \u2026\u201d)", where
                    )
                )
    machine = _MACHINE_MARK.search(low) is not None and MACHINE_WORDS.search(line) is not None
    cluster = not machine and _CLUSTER_MARK.search(low) is not None and CLUSTER_WORDS.search(line) is not None
    if machine or cluster:
        for m in CAP_HOSTS.finditer(line):
            if m.group(0).split()[0] in ("to", "in") and not cluster:
                continue  # "to X"/"in X" name a machine only in cluster talk ("deployed to Hellman")
            words = re.findall(r"[A-Z][a-z]{2,}", m.group("caps"))
            if _PROPER_NEXT.match(line, m.end()):
                words.pop()  # the first word of a longer proper name ("in London and San Francisco")
            for w in words:
                if (
                    not plain(w)
                    and w.casefold() not in N._NOT_GIVEN
                    and (machine or w.casefold() not in N.given_names())
                ):
                    out.append(
                        Learnt(
                            w,
                            "internal-host" if machine else "service",
                            "a machine's name" if machine else "a cluster name",
                            where,
                        )
                    )
    if "luster" in low or "ubernetes" in low or "k8s" in low:
        _clusters(line, where, out)
    if "`" in line:
        _code_spans(line, where, out, strict)
    if "-" in line or "_" in line or (digit and not strict):
        for m in IDENT.finditer(line):
            if (
                ident_ok(m.group("id"), strict=strict)
                and not _in_url(line, m.start())
                and not cloud_region_id(m.group("id"))
            ):
                out.append(Learnt(m.group("id"), "service", "an identifier", where))
    if not strict:  # a loose text's names and handles are warnings (extras.py), not learnt terms
        for s, e, what in N.find(line):
            out.append(Learnt(line[s:e], "person", "a handle" if what == "handle" else "a name", where))


_DIGIT = lazy(r"\d")
_CLUSTER_MARKS = (
    "cluster",
    "pod",
    "node",
    "namespace",
    "deploy",
    "kubectl",
    "helm",
    "ingress",
    "workload",
    "daemonset",
    "kubernetes",
    "k8s",
)
_MACHINE_MARKS = (
    "cpu",
    "load",
    "mem",
    "ram",
    "disk",
    "swap",
    "ssh",
    "boot",
    "start",
    "server",
    "host",
    "machine",
    "box",
    "kernel",
    "oom",
    "i/o",
    "iowait",
    "daemon",
    "cron",
)
_COMMAND_WORDS = (
    "ssh",
    "scp",
    "rsync",
    "ping",
    "telnet",
    "mosh",
    "traceroute",
    "nslookup",
    "psql",
    "mysql",
    "redis-cli",
    "mongo",
    "knife",
    "--host",
    "log",
    "role:",
)
# any of the words of each list, as a substring of the lower-cased line (one search instead of a
# membership test per word)
_COMMAND_MARK, _MACHINE_MARK, _CLUSTER_MARK = (
    lazy("|".join(map(re.escape, words))) for words in (_COMMAND_WORDS, _MACHINE_MARKS, _CLUSTER_MARKS)
)


def _log_and_commands(line: str, low: str, where: str, out: list[Learnt]) -> None:
    for m in LOG_LINE.finditer(line):
        if host_ok(m.group("host")):
            out.append(Learnt(m.group("host"), "internal-host", "a host in a log line", where))
    for m in COMMAND.finditer(line):
        h = m.group("host")
        if host_ok(h) and h.casefold() not in ("into", "to", "in", "the", "a", "an", "root"):
            out.append(Learnt(h, "internal-host", "a host in a command", where))
    for m in ROLE.finditer(line):
        if not plain(m.group("id")):
            out.append(Learnt(m.group("id"), "service", "a role name in a command", where))
    if "--" in line:
        for m in OPTION.finditer(line):
            v = m.group("id")
            if not plain(v) and not cloud_region_id(v) and not SOFTWARE_NUM.match(v) and not VERSIONISH.search(v):
                out.append(Learnt(v, "service", "a command option's value", where))


def _clusters(line: str, where: str, out: list[Learnt]) -> None:
    for m in CLUSTER.finditer(line):
        name = m.group("name")
        if plain(name) or name.casefold() in N._NOT_GIVEN or SOFTWARE_NUM.match(name):
            continue
        if name[:1].isupper():
            before = line[max(0, m.start() - 16) : m.start()].rstrip()
            if not before and m.start() <= 16 or before.endswith((".", ":", "!", "?", "|", "#", "-", "*", "(")):
                continue  # a capitalised word at a sentence start is a plain word
        out.append(Learnt(name, "service", "a cluster name", where))


def _code_spans(line: str, where: str, out: list[Learnt], strict: bool) -> None:
    for m in CODE_SPAN.finditer(line):
        code = m.group("code").strip()
        if strict and not strict_code(code):
            continue
        if (
            re.fullmatch(r"[A-Za-z][\w.-]*[A-Za-z0-9]", code)
            and not plain(code)
            and not SOFTWARE_NUM.match(code)
            and not re.fullmatch(r"v?\d[\w.-]*", code)
        ) or _digit_host(code):
            kind = "internal-host" if "." in code and host_ok(code) and HOSTNAME.match(code.casefold()) else "service"
            if kind == "internal-host" and public_host(code):
                continue
            if "." in code and kind == "service":
                continue  # file names, dotted paths
            if kind == "service" and code.isalpha() and code.islower():
                continue  # a plain word (`pending`, `host`): no way to tell it from a name
            if cloud_region_id(code):
                continue
            out.append(Learnt(code, kind, "a code span", where))


def _digit_host(code: str) -> bool:
    """A host name whose first label starts with a digit and holds a letter (``36m122.ams01.cfops.net``,
    a rack-numbered machine): not a version (``1.2.3-rc1``), an address or a file name."""
    first = code.split(".", 1)[0]
    return (
        code[:1].isdigit()
        and "." in code
        and re.search(r"[A-Za-z]", first) is not None
        and HOSTNAME.match(code.casefold()) is not None
        and not VERSIONISH.search(code)
        and code.rsplit(".", 1)[-1].isalpha()
        and host_ok(code)
    )


def _in_url(line: str, pos: int) -> bool:
    lo = max(0, pos - 2000)  # a URL longer than that is not prose
    i = max(line.rfind(c, lo, pos) for c in " \t<>\"'`([")
    return "://" in line[max(i + 1, lo) : pos]


def learn_text(text: str, *, strict: bool = True) -> list[Learnt]:
    """Terms a loose text teaches from its own engineering contexts (``where`` is "line N")."""
    out: list[Learnt] = []
    fence = False
    for no, line in enumerate(text.split("\n"), 1):
        if line.lstrip().startswith("```"):
            fence = not fence
            continue
        if fence:
            line = "`" + line.replace("`", "") + "`" if re.fullmatch(r"\s*\S+\s*", line) else line
        learn_line(line, f"line {no}", strict=strict, out=out)
    return out


def engineering_fields(pm: Any) -> list[tuple[str, str]]:
    """(field path, text) of every engineering-only free-text field, in order."""
    out: list[tuple[str, str]] = []
    add = out.append

    def opt(path: str, v: str | None) -> None:
        if v:
            add((path, v))

    opt("title", pm.title)
    opt("summary", pm.summary)
    opt("impact.description", pm.impact.description)
    for i, e in enumerate(pm.timeline):
        if "customer" not in e.audience or e.public_text:
            add((f"timeline[{i}].text", e.text))
        if e.actor:
            add((f"timeline[{i}].actor", e.actor))
    for i, f in enumerate(pm.contributing_factors):
        add((f"contributing_factors[{i}].description", f.description))
    for i, w in enumerate(pm.five_whys):
        add((f"five_whys[{i}].why", w.why))
        add((f"five_whys[{i}].because", w.because))
    if pm.root_cause:
        opt("root_cause.summary", pm.root_cause.summary)
        opt("root_cause.details", pm.root_cause.details)
    for k in ("trigger", "detection", "resolution", "technical_analysis"):
        opt(k, getattr(pm, k))
    for i, t in enumerate(pm.mitigators):
        add((f"mitigators[{i}]", t))
    if pm.lessons:
        for k in ("went_well", "went_wrong", "got_lucky"):
            for i, t in enumerate(getattr(pm.lessons, k)):
                add((f"lessons.{k}[{i}]", t))
    for i, a in enumerate(pm.action_items):
        add((f"action_items[{i}].title", a.title))
        opt(f"action_items[{i}].note", a.note)
    for i, n in enumerate(pm.narrative):
        add((f"narrative[{i}].text", n.text))
    for i, link in enumerate(pm.links):
        add((f"links[{i}].label", link.label))
    return out


def public_names(pm: Any) -> Iterator[str]:
    """The names the file declares public: services' public names and status page components."""
    for s in pm.services:
        if s.public_name:
            yield s.public_name
    if pm.status_page is not None:
        yield from pm.status_page.components


def field_lines(pm: Any) -> list[tuple[str, str]]:
    """(field path, line) of every line of every engineering-only field, in order."""
    return [(path, line) for path, text in engineering_fields(pm) for line in str(text).split("\n")]


def learn_postmortem(pm: Any, lines: Iterable[tuple[str, str]] | None = None) -> tuple[Learnt, ...]:
    """Terms learnt from the engineering-only fields, less the names the file declares public (a
    service's public name, a status page component): deny terms for the public versions, wherever a
    writer copies them (the customer fields included). ``lines``: the (field path, line) pairs to
    learn from, in order (default: every line, ``field_lines``); each term keeps the first field
    that teaches it."""
    public = "\n".join(public_names(pm)).casefold()
    seen: dict[str, Learnt] = {}
    for path, line in field_lines(pm) if lines is None else lines:
        for term, kind, how in line_terms(line, strict=False):
            key = term.casefold()
            if key in seen or len(key) < 3:
                continue
            if _declared(key, public):
                continue
            seen[key] = Learnt(term, kind, how, path)
    return tuple(seen.values())


def _declared(key: str, public: str) -> bool:
    """``key`` (case-folded) is a whole word of ``public`` (the file's public names, case-folded)."""
    return key in public and re.search(r"(?<![\w-])" + re.escape(key) + r"(?![\w-])", public) is not None


def undeclared(terms: list[Learnt], pm: Any) -> list[Learnt]:
    """``terms`` (what a public text teaches about itself) less the words of the names the file
    declares public: a customer text that says its servers "depend on Cognito" names the public
    service Amazon Cognito, not a machine."""
    public = "\n".join(public_names(pm)).casefold()
    if not public:
        return terms
    return [t for t in terms if not _declared(t.term.casefold(), public)]


def line_terms(line: str, *, strict: bool) -> tuple[tuple[str, str, str], ...]:
    """(term, kind, how) of every term ``line`` teaches (``learn_line``), memoised per distinct line:
    a draft is read again on every pause in typing, and many postmortems share lines."""
    return _line_terms(line, strict)


# a line longer than 1,000 characters is not kept (a field's lines are short; a pasted log is not)
@text_memo(maxsize=16384, max_chars=1000)
def _line_terms(line: str, strict: bool) -> tuple[tuple[str, str, str], ...]:
    out: list[Learnt] = []
    learn_line(line, "", strict=strict, out=out)
    return tuple((t.term, t.kind, t.how) for t in out)


def dedupe(terms: Iterable[Learnt]) -> list[Learnt]:
    seen: dict[str, Learnt] = {}
    for t in terms:
        seen.setdefault(t.term.casefold(), t)
    return list(seen.values())
