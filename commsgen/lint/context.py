"""What the writing checks need to know about one postmortem and the configuration."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from commsgen.config import Config
from commsgen.lint.glossary import Index, index_for
from commsgen.model.schema import Postmortem

# Everyday abbreviations customers read without help (rule lang.abbreviation leaves them alone).
BUILTIN_ABBREVIATIONS = frozenset(
    """
US USA UK EU UN UAE NYC LA DC
UTC GMT BST CET CEST EST EDT CST CDT MST MDT PST PDT IST JST AEST AEDT
AM PM FAQ PDF API APIs URL URLs ID IDs OK TV PC PCs IT HR CEO CTO CFO COO CIO CISO VP
VAT GDPR SLA SLAs SMS MMS ATM PIN PINs CSV USB GPS AI VPN FYI ASAP NB PS RSVP
Q1 Q2 Q3 Q4 H1 H2 iOS TBD N/A
""".split()
)

# Legal-weight words (rule legal.word); lint.legal_words replaces this list.
BUILTIN_LEGAL_WORDS = (
    "breach",
    "unauthorized",
    "unauthorised",
    "leak",
    "violation",
    "violate",
    "unlawful",
    "illegal",
    "compromised",
    "negligence",
    "liable",
    "liability",
    "stolen",
    "theft",
    "exfiltrated",
    "exfiltration",
)

# Blame words and phrases (rule blame.word); lint.blame_words replaces this list.
BUILTIN_BLAME_WORDS = (
    "careless",
    "carelessly",
    "carelessness",
    "negligent",
    "negligently",
    "sloppy",
    "lazy",
    "incompetent",
    "incompetence",
    "reckless",
    "recklessly",
    "irresponsible",
    "should have known",
    "should've known",
    "should have noticed",
    "should have checked",
    "human error",
    "operator error",
    "fat-fingered",
    "fat finger",
    "dropped the ball",
    "is to blame",
    "was to blame",
    "are to blame",
    "were to blame",
    "at fault",
    "their fault",
    "his fault",
    "her fault",
    "PEBKAC",
)


# Suppliers customers may hear blamed (rule legal.vendor-blame); lint.vendors replaces this list.
BUILTIN_VENDORS = (
    "AWS",
    "Amazon",
    "Amazon Web Services",
    "Google",
    "Google Cloud",
    "GCP",
    "Azure",
    "Microsoft",
    "Cloudflare",
    "Akamai",
    "Fastly",
    "HashiCorp",
    "Datadog",
    "PagerDuty",
    "GitHub",
    "GitLab",
    "Atlassian",
    "Stripe",
    "Adyen",
    "PayPal",
    "Twilio",
    "SendGrid",
    "Okta",
    "Auth0",
    "Oracle",
    "Salesforce",
    "Heroku",
    "DigitalOcean",
    "Vercel",
    "Netlify",
    "MongoDB",
    "Elasticsearch",
    "Confluent",
    "Snowflake",
    "Fly.io",
    "Linode",
    "Hetzner",
    "OVH",
    "IBM",
    "Red Hat",
    "VMware",
    "Zendesk",
    "Shopify",
    "Verizon",
    "Comcast",
    "Lumen",
)
# left out on purpose: names that are also everyday words at the start of a sentence (Slack, Zoom,
# Apple, Meta, Elastic); add them to `lint.vendors` if you use them


class PersonRef(NamedTuple):
    """One person as text may name them: full name, first and last name, handle."""

    name: str
    forms: tuple[str, ...]


@dataclass(eq=False)  # compared by identity (a generated __eq__ costs start-up time)
class LintContext:
    glossary: Index
    max_grade: float = 8.0
    max_sentence_words: int = 30
    min_grade_words: int = 20
    abbreviations: frozenset[str] = BUILTIN_ABBREVIATIONS
    legal_words: tuple[str, ...] = BUILTIN_LEGAL_WORDS
    blame_words: tuple[str, ...] = BUILTIN_BLAME_WORDS
    people: tuple[PersonRef, ...] = ()
    event_type: str | None = None
    disclosure_approved: bool = False
    severity: dict[str, str] = field(default_factory=dict)
    min_whys: int = 3
    file: str | None = None
    time_tolerance_minutes: int = 15
    event_window_hours: float = 48
    vendors: tuple[str, ...] = ()
    company: str = ""

    @property
    def legal_exempt(self) -> bool:
        """Legal words are expected in an approved security disclosure."""
        return self.event_type == "security" and self.disclosure_approved


def person_forms(name: str, handle: str | None) -> tuple[str, ...]:
    forms = {name.strip()}
    parts = [p for p in re.split(r"\s+", name.strip()) if p]
    for p in parts:
        if len(p) >= 3 and p[0].isupper():
            forms.add(p)  # "Omar", "Haddad" (not initials, not particles like "de")
    if handle:
        h = handle.strip()
        forms.add(h)
        forms.add(h.lstrip("@"))
        forms.add("@" + h.lstrip("@"))
    return tuple(sorted((f for f in forms if f), key=len, reverse=True))


def _capitalised(names: list[str]) -> set[str]:
    """The words in capitals of ``names`` (``API`` in "Acme API")."""
    out: set[str] = set()
    for n in names:
        out |= {w for w in re.findall(r"[A-Za-z0-9]+", n or "") if w.isupper()}
    return out


@lru_cache(maxsize=64)
def _config_abbreviations(extra: tuple[str, ...], names: tuple[str, ...]) -> frozenset[str]:
    """The built-in abbreviations, ``lint.allow_abbreviations`` (``extra``) and the words in capitals
    of the company's and the components' ``names``: the part of a context's abbreviations that is
    the configuration's, made once for a batch's postmortems."""
    return frozenset(BUILTIN_ABBREVIATIONS | {a.strip() for a in extra} | _capitalised(list(names)))


def context_for(pm: Postmortem | None, config: Config, *, file: str | None = None) -> LintContext:
    """Everything the checks need: people, the merged glossary, thresholds, disclosure state."""
    lc = config.lint
    # the company's own name and public service/component names are never "internal abbreviations"
    names = [config.company]
    for c in config.components.values():
        names.append(c if isinstance(c, str) else (c.name or ""))
    allow = set(_config_abbreviations(tuple(lc.allow_abbreviations), tuple(names)))
    people: tuple[PersonRef, ...] = ()
    event_type, approved = None, False
    if pm is not None:
        own = [s.public_name for s in pm.services if s.public_name]
        if pm.status_page:
            own += list(pm.status_page.components)
        allow |= _capitalised(own)
        people = tuple(PersonRef(p.name, person_forms(p.name, p.handle)) for p in pm.people)
        event_type = pm.event_type.value
        approved = pm.disclosure_decision == "approved"
    return LintContext(
        glossary=index_for(config.glossary),
        max_grade=lc.max_grade,
        max_sentence_words=lc.max_sentence_words,
        min_grade_words=lc.min_grade_words,
        abbreviations=frozenset(allow),
        legal_words=tuple(lc.legal_words) if lc.legal_words is not None else BUILTIN_LEGAL_WORDS,
        blame_words=tuple(lc.blame_words) if lc.blame_words is not None else BUILTIN_BLAME_WORDS,
        people=people,
        event_type=event_type,
        disclosure_approved=approved,
        severity=dict(lc.severity),
        min_whys=lc.min_whys,
        file=file,
        time_tolerance_minutes=lc.time_tolerance_minutes,
        event_window_hours=lc.event_window_hours,
        vendors=tuple(lc.vendors) if lc.vendors is not None else BUILTIN_VENDORS,
        company=config.company,
    )
