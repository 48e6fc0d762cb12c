"""Other notations of sensitive values, boundaries, names and the normaliser, by class: each test
generates its inputs from a value and a transformation, and checks both what is found and what is
left alone."""

from __future__ import annotations

import base64
import ipaddress
import random
import string

import pytest

from commsgen.redact.context import ScanContext
from commsgen.redact.mask import mask_text
from commsgen.redact.normalize import normalise, normalise_map
from commsgen.redact.notations import inet_aton, percent_decode_map
from commsgen.redact.scanner import scan

RNG = random.Random(13)
CTX = ScanContext(
    internal_domains=("acme.internal",),
    people_names=("Dana Whitfield", "Zoë García-Ortiz"),
    people_emails=("dana.whitfield@acme.com",),
    staff_email_domains=("acme.com",),
)
PRIVATE = ["10.12.4.7", "172.16.9.200", "192.168.1.20", "10.0.0.1", "100.64.3.2", "169.254.169.254"]
PUBLIC = ["8.8.8.8", "1.1.1.1", "203.0.113.9", "11.0.0.1"]


def _forms(ip: str) -> list[str]:
    n = int(ipaddress.IPv4Address(ip))
    a, b, c, d = (int(x) for x in ip.split("."))
    # 10.0.1 and 10.1 read as versions too: packed forms are flagged when the packed part is over 255
    packed = ([f"{a}.{b}.{c * 256 + d}"] if c else []) + ([f"{a}.{b * 65536 + c * 256 + d}"] if b or c else [])
    return [
        str(n),
        hex(n),
        "0" + oct(n)[2:],
        f"0{a:o}.0{b:o}.0{c:o}.0{d:o}",
        f"{hex(a)}.{hex(b)}.{c}.{d}",
        *packed,
        f"::ffff:{n >> 16:x}:{n & 0xFFFF:x}",
        f"::ffff:{ip}",
        f"ip-{a}-{b}-{c}-{d}",
        f"ip-{a}-{b}-{c}-{d}.eu-west-1.compute.internal",
    ]


def _found(text: str, kinds=("internal-ip", "internal-host")) -> list:
    return [m for m in scan(text, CTX) if m.kind in kinds]


@pytest.mark.parametrize("ip", PRIVATE)
def test_every_notation_of_a_private_address_is_found(ip):
    for form in _forms(ip):
        port = f"[{form}]:5432" if form.startswith("::") else f"{form}:5432"
        for text in (form, f"the primary at {form}.", f"({form})", f"ping {port}"):
            got = _found(text)
            assert got, text
            assert not _found(mask_text(text, got)), text  # what is masked is all of it


@pytest.mark.parametrize("ip", PRIVATE)
def test_an_address_glued_to_letters_is_still_an_address(ip):
    """Letters cannot continue a dotted quad: a reader reads 10.12.4.7 in ``on10.12.4.7was``. A
    version label glued to it stays a version."""
    for text in (f"failed on{ip} today", f"it was {ip}was", f"ip{ip}", f"X{ip}Y", f"host={ip}ok"):
        got = _found(text)
        assert got and got[0].text.startswith(ip), text
    for text in (f"v{ip}", f"build {ip}", f"version{ip}"):
        assert not _found(text), text


def test_an_aws_key_id_glued_to_lower_case_letters_is_still_a_key():
    for _ in range(20):
        key = "AKIA" + "".join(RNG.choice(string.ascii_uppercase + string.digits) for _ in range(16))
        for text in (f"the key was{key} today", f"the key was {key}today", f"x{key}y"):
            got = [m for m in scan(text, CTX) if m.rule == "secret.aws-access-key"]
            assert got and got[0].text == key, text
        # a longer run of capitals and digits is not a 20-character key id
        assert not [m for m in scan(f"id X{key}", CTX) if m.rule == "secret.aws-access-key"]


@pytest.mark.parametrize("ip", PUBLIC)
def test_public_addresses_in_any_notation_are_left_alone(ip):
    for form in _forms(ip)[:-1]:  # (a *.compute.internal name is internal whatever its address)
        assert not _found(f"resolver {form} answered"), form


def test_inet_aton_agrees_with_the_standard_library():
    import socket

    rng = random.Random(3)
    for _ in range(300):
        n = rng.randrange(1 << 32)
        for form in (str(n), hex(n), "0" + oct(n)[2:]):
            assert inet_aton(form) == n == int.from_bytes(socket.inet_aton(form), "big")
    assert inet_aton("10.1") == int(ipaddress.IPv4Address("10.0.0.1"))
    assert inet_aton("256.1.1.1") is None and inet_aton("08.1.1.1") is None


@pytest.mark.parametrize(
    "text",
    ["version 10.1", "v10.12.1031 released", "it took 167 ms", "sha 1234abcd", "at 12:01.05 UTC", "build 2024.01.02"],
)
def test_numbers_that_are_not_addresses(text):
    assert not _found(text)


def test_pem_bodies_without_their_lines():
    rng = random.Random(9)
    body = base64.b64encode(bytes(rng.randrange(256) for _ in range(48 * 5))).decode()
    lines = [body[i : i + 64] for i in range(0, len(body), 64)]
    for indent in ("", "    ", "> "):
        got = [m for m in scan("\n".join(indent + x for x in lines), CTX) if m.rule == "secret.private-key-body"]
        assert len(got) == len(lines)
    cert = "-----BEGIN CERTIFICATE-----\n" + "\n".join(lines) + "\n-----END CERTIFICATE-----\n"
    assert not scan(cert, CTX)
    digest = "".join(rng.choice("0123456789abcdef") for _ in range(64))
    assert not scan(digest, CTX) and not scan(f"sha256 {digest}", CTX)


HOSTS = ["ledger.acme.internal", "db-01.acme.internal", "ip-10-1-2-3.ec2.internal"]
AFTER = ["\u2014the primary", "\u2013x", "\u2012x", "\u2011x", "-", "- old", "_x", "*", "`", ")", ",", ".", "—"]


@pytest.mark.parametrize("host", HOSTS)
def test_a_host_ends_where_it_cannot_go_on(host):
    for after in AFTER:
        got = _found(f"see {host}{after} now")
        assert got and got[0].text == host, (host, after, got)


# what may come before a host: a URL of any scheme (a share, a file, a database, a made-up tunnel),
# the start of a scheme-relative URL or a path, a label and a colon; the URL schemes are generated,
# not only the well-known ones
_SCHEMES = [
    "smb",
    "file",
    "nfs",
    "ldap",
    "ldaps",
    "redis",
    "rediss",
    "postgres",
    "mysql",
    "mongodb+srv",
    "amqps",
    "git",
    "svn+ssh",
    "rdp",
    "vnc",
    "telnet",
    "jdbc:postgresql",
    "HTTP",
    "wss",
]
_SCHEMES += [
    "".join(random.Random(k).choice("abcdefghijklmnopqrstuvwxyz+.-") for _ in range(1 + k % 12)).join("x" * 2)
    for k in range(12)
]
BEFORE = (
    [f"{s}://" for s in _SCHEMES]
    + [f"{s}://svc:pw@" for s in _SCHEMES[:4]]
    + [
        "//",
        "/srv/",
        "\\\\",
        "Host:",
        "host:",
        "upstream:",
        "x:",
        "at:",
        "(",
        "[",
        "'",
        '"',
        "`",
        "<",
        "=",
    ]
)


@pytest.mark.parametrize("host", HOSTS)
def test_a_host_starts_after_anything_that_cannot_end_a_host(host):
    for before in BEFORE:
        text = f"see {before}{host}/share now"
        got = _found(text, kinds=("internal-ip", "internal-host", "internal-url"))
        assert got, (before, host)
        assert not _found(mask_text(text, got), kinds=("internal-ip", "internal-host", "internal-url")), text


@pytest.mark.parametrize("host", ["pay-prod-use1-db07", "k8s-prod-worker-31", "mq08-euw1", "bastion-prd-1"])
def test_a_bare_host_name_starts_after_a_colon(host):
    for before in ("Host:", "upstream:", "x:", "at ", "(", "`"):
        text = f"see {before}{host} now"
        got = [m for m in scan(text, CTX) if m.rule == "infra.bare-hostname"]
        assert got and got[0].text == host, text
    for url in (f"https://{host}/x", f"smb://{host}/share"):  # a URL's host: the URL is the finding
        got = _found(f"see {url} now", kinds=("internal-host", "internal-url"))
        assert [m.kind for m in got] == ["internal-url"], url


@pytest.mark.parametrize("ip", PRIVATE)
def test_a_url_to_a_private_address_in_any_notation_is_internal(ip):
    """Browsers and curl read http://168559623/ and http://0xa0c0407/ as 10.12.4.7."""
    for form in _forms(ip)[:-2]:
        host = f"[{form}]" if form.startswith("::") else form
        for scheme in ("http", "https", "smb", "x-tunnel+tls"):
            text = f"open {scheme}://{host}:8443/admin now"
            got = _found(text, kinds=("internal-ip", "internal-url"))
            assert got, text
            assert not _found(mask_text(text, got), kinds=("internal-ip", "internal-url")), text


@pytest.mark.parametrize("host", ["go", "wiki", "intranet", "jenkins", "grafana", "db", "payments_api", "k8s-dash"])
def test_a_url_to_a_host_without_a_dot_is_an_intranet_url(host):
    """Only the local network's search domains resolve a name without a dot."""
    for url in (f"http://{host}/runbook", f"https://{host}:8443/x?y=1", f"jdbc:postgresql://{host}:5432/orders"):
        text = f"see {url} now"
        got = _found(text, kinds=("internal-url",))
        assert got, text
        assert not _found(mask_text(text, got), kinds=("internal-url",)), text
    for public in ("http://localhost:8080/x", "https://status.example.org/x", "https://example.com"):
        assert not _found(f"see {public} now", kinds=("internal-url",)), public


@pytest.mark.parametrize("ip", PUBLIC)
def test_a_url_to_a_public_address_in_any_notation_is_public(ip):
    for form in _forms(ip)[:-2]:
        host = f"[{form}]" if form.startswith("::") else form
        assert not _found(f"open https://{host}/status now", kinds=("internal-ip", "internal-url")), form


def test_an_email_and_an_address_end_where_they_cannot_go_on():
    for after in AFTER:
        got = [m for m in scan(f"mail dana.whitfield@acme.com{after} now", CTX) if m.kind == "email"]
        assert got and got[0].text == "dana.whitfield@acme.com", after
        got = _found(f"at 10.12.4.7{after} now")
        assert got and got[0].text == "10.12.4.7", after


@pytest.mark.parametrize(
    "form",
    [
        "Dana Whitfield",
        "Whitfield, Dana",
        "Whitfield Dana",
        "D. Whitfield",
        "D Whitfield",
        "Ms. Whitfield",
        "Dr Whitfield",
        "Dana-Whitfield",
        "Dana J. Whitfield",
        "dana\n  whitfield",
        "DANA WHITFÍELD",
        "Dána Whitfíeld",
        "Zoe Garcia-Ortiz",
        "Z. García-Ortiz",
        "García-Ortiz, Zoë",
    ],
)
def test_every_form_of_a_name(form):
    got = [m for m in scan(form.replace("\n", " "), CTX) if m.rule == "people.name"]
    assert got, form


# names whose parts hold a hyphen or an apostrophe, a particle, several given names or two surnames:
# each written the ways people write them (the punctuation inside a part swapped, spaced or left
# out; initials, a hyphenated given name's included; the first given name with a later surname)
LONG_NAMES = [
    ("Seán O'Brien", ["Sean OBrien", "Sean O\u2019Brien", "Sean O Brien", "S. O'Brien", "Seán O-Brien"]),
    ("Jean-Luc Picard", ["Jean Luc Picard", "JeanLuc Picard", "J.-L. Picard", "J.L. Picard", "J-L. Picard"]),
    ("Ludwig van Beethoven", ["Ludwig Beethoven", "L. van Beethoven", "L. Beethoven", "Beethoven, Ludwig"]),
    ("José María García López", ["Jose Garcia", "José López", "J. María García López", "Jose Maria Garcia Lopez"]),
    ("Gabriel García Márquez", ["Gabriel Garcia", "Gabriel García Márquez", "G. García Márquez"]),
    ("Mary-Kate O'Neil", ["Mary Kate O'Neil", "Mary Kate ONeil", "M.-K. O'Neil", "MaryKate O Neil"]),
    ("Anna May Wong", ["Anna May", "Anna Wong", "A. May Wong"]),
]


@pytest.mark.parametrize("name,forms", LONG_NAMES, ids=[n for n, _ in LONG_NAMES])
def test_names_with_inner_punctuation_particles_and_several_parts(name, forms):
    ctx = ScanContext(people_names=(name,))
    for form in forms:
        for text in (f"{form} fixed it.", f"Thanks to {form}, it works.", f"{form.upper()} fixed it."):
            if form.startswith("Anna May") and text.isupper():
                continue  # a later word that is English is held to its capital (below)
            got = [m for m in scan(text, ctx) if m.rule == "people.name"]
            assert got, (name, text)
    # what stays prose: particles and later words that are English, in lower case
    for text in ("The van drove off.", "Anna may join later.", "We read de la Cruz's note.", "Mary kate"):
        assert not [m for m in scan(text, ctx) if m.rule == "people.name"], (name, text)


@pytest.mark.parametrize("name", ["Dana Whitfield", "Seán O'Brien", "José María García López"])
def test_a_nickname_or_a_remark_between_the_names_still_names_the_person(name):
    """``Dana "DW" Whitfield``, ``Dana (Payments SRE) Whitfield``: a reader reads one person."""
    ctx = ScanContext(people_names=(name,))
    first, last = name.split()[0], name.split()[-1]
    for between in ('"DW"', "\u201cDW\u201d", "'Dee'", "(Payments SRE)", "(she/her)", '"the fixer"'):
        for text in (f"{first} {between} {last} fixed it.", f"Thanks to {first}  {between}\t{last}."):
            assert [m for m in scan(text, ctx) if m.rule == "people.name"], (name, text)
    # a remark that runs on is not a name's part: the surname alone stays a warning
    text = f"We asked {first} (our lead for the whole of the rollout and more) and {last} Street."
    assert not [m for m in scan(text, ctx) if m.rule == "people.name"], text


def test_surname_alone_and_first_name_alone():
    assert [m.rule for m in scan("Whitfield approved it", CTX)] == ["people.surname"]
    assert scan("Dana approved it", CTX) == []


INVISIBLE = [
    "\u200b",
    "\u200d",
    "\u2060",
    "\ufeff",
    "\u00ad",
    "\U000e0041",
    "\U000e007f",
    "\U000e0100",
    "\ufe0f",
    "\U0001d173",
    "\U0001d17a",
    "\u180e",
    "\u3164",
    "\u061c",
    "\u202e",
]


@pytest.mark.parametrize("mark", INVISIBLE)
def test_invisible_characters_are_dropped_and_spans_map_back(mark):
    value = "10.12.4.7"
    text = "at " + mark.join(value) + " now"
    norm, idx = normalise_map(text)
    assert normalise(text) == norm == "at 10.12.4.7 now"
    got = _found(text)
    assert got and text[got[0].start : got[0].end] == mark.join(value)


def test_accents_and_look_alikes_fold():
    assert normalise("ínternal Whitfíeld") == "internal Whitfield"
    assert normalise("\u0251cme \u0430cme \U0001d41acme ａｃｍｅ") == "acme acme acme acme"
    assert normalise("\u0661\u0660.12") == "10.12"


def test_percent_decoding_maps_back():
    text = "host ledger.acme.intern%61l and dana%40acme.com"
    dec, starts, ends = percent_decode_map(text)
    assert dec == "host ledger.acme.internal and dana@acme.com"
    got = scan(text, CTX)
    assert {text[m.start : m.end] for m in got} == {"ledger.acme.intern%61l", "dana%40acme.com"}
    assert percent_decode_map("100% sure, 50%off") is None
