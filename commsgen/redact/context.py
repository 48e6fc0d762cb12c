"""What the scanner knows besides the text: the organisation (``commsgen.toml``) and, when a
postmortem is being checked, the people, services, links and waivers of that file."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from commsgen.model.schema import Postmortem
    from commsgen.redact.learn import Learnt

PUBLIC_ROLE_MAILBOXES = frozenset(
    {
        "support",
        "help",
        "info",
        "security",
        "privacy",
        "abuse",
        "noreply",
        "no-reply",
        "status",
        "sales",
        "contact",
        "press",
        "legal",
        "hello",
        "team",
        "billing",
    }
)


class DenyRegex(NamedTuple):
    """A ``redaction.deny`` / config ``deny`` entry ``{regex: ...}``: run by RE2 only."""

    pattern: str


@lru_cache(maxsize=1024)
def deny_regex_error(pattern: str) -> str | None:
    """Why RE2 cannot run ``pattern`` (a sentence naming it), or None. Deny patterns come from a
    postmortem or a config, both untrusted: they run on RE2 (linear time) or not at all. Memoised:
    the configuration's patterns are checked for every postmortem of a batch."""
    import re2

    opts = re2.Options()
    opts.log_errors = False  # RE2 would print its own line on stderr
    try:
        re2.compile(pattern, opts)
    except re2.error as e:
        why = e.args[0] if e.args else e
        why = why.decode("utf-8", "replace") if isinstance(why, bytes) else str(why)
        return (
            f"deny pattern `{pattern}` is not a valid regular expression for RE2 ({why}); deny patterns "
            "run in linear time, so look-around and back-references cannot be used"
        )
    return None


class WaiverSpec(NamedTuple):
    """A waiver (``redaction.allow``): accepts findings whose text contains ``match``."""

    match: str
    audiences: tuple[str, ...] = ("all",)
    reason: str = ""
    rule: str | None = None
    source: str = "file"  # file | config | disclosure

    def applies(self, matched: str, rule: str, audience: str | None) -> bool:
        if self.rule and not (rule == self.rule or rule.startswith(self.rule.rstrip(".") + ".")):
            return False
        if audience is not None and "all" not in self.audiences and audience not in self.audiences:
            if not (audience == "status" and "customer" in self.audiences):
                return False
        # The waiver must cover the whole finding: the same text, or a longer phrase that holds it.
        # Never the other way round: a waiver for "Acme" must not accept "db-01.corp.acme.internal".
        a, b = " ".join(self.match.casefold().split()), " ".join(matched.casefold().split())
        return a == b or (len(b) >= 4 and b in a)


@dataclass
class ScanContext:
    company: str = ""
    internal_domains: tuple[str, ...] = ()  # configured + derived from the file (links, staff emails)
    public_domains: tuple[str, ...] = ()
    people_names: tuple[str, ...] = ()
    people_handles: tuple[str, ...] = ()
    people_emails: tuple[str, ...] = ()
    service_ids: tuple[str, ...] = ()  # internal ids that differ from their public name
    # internal ids that are one plain English word (``backbone``, ``search``): a warning, not a block
    # (``service.internal-word``): the word alone tells the reader nothing internal, and prose uses it
    service_words: tuple[str, ...] = ()
    deny_terms: tuple[str | DenyRegex, ...] = ()
    link_hosts: tuple[str, ...] = ()
    staff_email_domains: tuple[str, ...] = ()
    waivers: tuple[WaiverSpec, ...] = ()
    approved_cves: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)
    public_hosts: tuple[str, ...] = ()  # the company's published hosts (exact or globs), commsgen.toml
    learnt: tuple[Learnt, ...] = ()  # learn.Learnt terms given as they are (tests, a review's records)
    # the postmortem's engineering-only fields, which teach terms when a text is gated
    # (``learnt_for``; learnscope.Learning)
    learning: Any = field(default=None, repr=False, compare=False)

    def learnt_for(self, text: str, start: int = 0, end: int | None = None) -> tuple[Learnt, ...]:
        """The learnt terms the gate looks for in ``text[start:end]``: ``learnt``, and those the
        postmortem teaches that this text can hold (``learnscope``: the same terms the search finds
        as when every term is learnt)."""
        if self.learning is None:
            return self.learnt
        taught: tuple[Learnt, ...] = self.learning.for_text(text, start, end)
        return (*self.learnt, *taught) if self.learnt else taught

    def key(self) -> tuple[Any, ...]:
        """Everything that changes the compiled scanner (waivers do not)."""
        deny = tuple(d.pattern if isinstance(d, DenyRegex) else ("s", d) for d in self.deny_terms)
        return (
            self.company,
            self.internal_domains,
            self.public_domains,
            self.people_names,
            self.people_handles,
            self.people_emails,
            self.service_ids,
            self.service_words,
            deny,
            self.link_hosts,
            self.staff_email_domains,
        )


def _squashed(name: str) -> str:
    """``name`` case-folded without spaces and the separators a service id may use (``-_.``)."""
    return re.sub(r"[\s._-]+", "", name).casefold()


def _host_of(url: str) -> str | None:
    try:
        host = urlsplit(url if "://" in url else "//" + url).hostname
    except ValueError:
        return None
    return host.lower().rstrip(".") if host else None


def _is_public(host: str, public: tuple[str, ...]) -> bool:
    return any(host == d or host.endswith("." + d) for d in public)


def _waiver(w: Any, source: str) -> WaiverSpec:
    aud = w.audience if isinstance(w.audience, (list, tuple)) else [w.audience]
    return WaiverSpec(
        match=w.match, audiences=tuple(aud), reason=w.reason, rule=getattr(w, "rule", None), source=source
    )


def _deny(term: Any) -> str | DenyRegex:
    rx = getattr(term, "regex", None)
    if rx is not None:
        err = deny_regex_error(rx)
        if err is not None:
            from commsgen.errors import Problem, UserError

            raise UserError(Problem(err, field="deny", rule="config.deny-regex"))
        return DenyRegex(rx)
    return str(term)


def context_for(pm: Postmortem | None = None, config: Any = None) -> ScanContext:
    """The scan context for one postmortem (``pm``) under one configuration; ``pm=None`` scans a
    loose file (config only); ``config=None`` means built-in defaults."""
    public = tuple(getattr(config, "public_domains", ()) or ())
    public_hosts = tuple(h.lower().rstrip(".") for h in (getattr(config, "public_hosts", ()) or ()))
    internal = list(getattr(config, "internal_domains", ()) or ())
    deny = [_deny(t) for t in (getattr(config, "deny", ()) or ())]
    waivers = [_waiver(w, "config") for w in (getattr(getattr(config, "redaction", None), "allow", ()) or ())]
    company = getattr(config, "company", "") or ""
    if company == "Our company":
        company = ""
    names: list[str] = []
    handles: list[str] = []
    emails: list[str] = []
    services: list[str] = []
    link_hosts: list[str] = []
    service_words: list[str] = []
    staff_domains: list[str] = []
    cves: list[str] = []
    learning = None
    if pm is not None:
        from commsgen.redact.hosts import vendor_public
        from commsgen.redact.learnscope import Learning

        learning = Learning(pm)  # terms are learnt when a text is gated, those it can hold
        name_words = {w.casefold() for q in pm.people for w in q.name.split()}
        for p in pm.people:
            names.append(p.name)
            if p.handle:
                handles.append(p.handle.lstrip("@"))
            if p.email:
                emails.append(p.email)
                # the local part alone names the person too (``dana.whitfield``, ``dwhit``): read as a
                # handle, unless it is a role mailbox or one word of a name (``dana``: a first name alone
                # is not a finding)
                local = p.email.rsplit("@", 1)[0].strip()
                if len(local) >= 3 and local.casefold() not in PUBLIC_ROLE_MAILBOXES | name_words:
                    handles.append(local)
                dom = p.email.rsplit("@", 1)[1].lower()
                if not _is_public(dom, public) and dom not in ("example.com", "example.org", "example.net"):
                    staff_domains.append(dom)
        from commsgen.redact.wordlist import is_word

        for s in pm.services:
            # an id that is its public name with other separators (``gitlab-com`` for GitLab.com)
            # names nothing internal: the gate would refuse the public name itself
            if s.public_name is not None and _squashed(s.id) == _squashed(s.public_name):
                continue
            sid = s.id.strip()
            if sid.isascii() and sid.isalpha() and is_word(sid.lower()):
                service_words.append(sid)
            else:
                services.append(s.id)
        for link in pm.links:
            h = _host_of(link.url)
            # a link to a well-known public site (github.com, a vendor's www. or documented host)
            # does not make that site internal: only its URL's path can (infra.private-url)
            if h and not _is_public(h, public) and not vendor_public(h):
                link_hosts.append(h)
        if pm.redaction is not None:
            deny += [_deny(t) for t in pm.redaction.deny]
            waivers += [_waiver(w, "file") for w in pm.redaction.allow]
        sec = pm.security
        if sec is not None and sec.disclosure is not None and sec.disclosure.decision == "approved":
            cves = list(sec.cves)
            waivers += [
                WaiverSpec(
                    match=c, reason="named in the approved security disclosure", rule="vuln.cve", source="disclosure"
                )
                for c in sec.cves
            ]

    def uniq(xs: Iterable[str]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(x for x in xs if x))

    return ScanContext(
        company=company,
        internal_domains=uniq(d.lower() for d in internal + staff_domains),
        public_domains=uniq(public),
        people_names=uniq(names),
        people_handles=uniq(handles),
        people_emails=uniq(e.lower() for e in emails),
        service_ids=uniq(services),
        service_words=uniq(service_words),
        deny_terms=tuple(deny),
        link_hosts=uniq(link_hosts),
        staff_email_domains=uniq(staff_domains),
        waivers=tuple(waivers),
        approved_cves=uniq(cves),
        public_hosts=uniq(public_hosts),
        learning=learning,
    )
