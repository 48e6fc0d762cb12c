"""Vendor token formats: one row per vendor whose credentials carry a fixed prefix (or another fixed
marker), appended to ``rules.RULES`` (``rules.py`` calls ``vendor_rules``) as ``secret`` rules of the
``token`` family. docs/REDACTION.md documents every row.

A row: (rule id, pattern, trigger, what it catches, what it leaves alone[, validator]). The pattern
starts at a token boundary (look-behind) and ends at one (``END``); runs of unbounded length are
bounded and possessive, so a pattern runs in linear time. The trigger is the row's fixed marker as a
short RE2 literal (a superset of the pattern: every match holds it), so the whole-text pass stays one
automaton of literals. Each row's trigger costs the scan a little at start-up, in each process (the
pass's and the per-line set's automata have more states to build: measured in docs/VENDOR_TOKENS.md),
not per byte. Lengths follow the vendors' documented formats and gitleaks' ruleset, with some room
where a vendor has changed lengths before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from commsgen.redact import validators as V

B = r"(?<![A-Za-z0-9_-])"  # a token starts after none of these
END = r"(?![A-Za-z0-9])"  # and ends before none of these (a dash or an underscore after it ends it)


def _tok(body: str) -> str:
    return B + body + END


# (id, pattern, trigger, catches, leaves alone[, validator]); the default validator
# (``validators.varied``) refuses placeholder runs (sk-proj-xxxx…)
VENDORS: tuple[tuple[Any, ...], ...] = (
    (
        "secret.openai-key",
        B + r"sk-(?:(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{40,400}+|[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20})" + END,
        r"sk-(?:proj|svcacct|admin|None)-|T3BlbkFJ",
        "OpenAI API keys (sk-proj-, sk-svcacct-, sk-admin-, classic sk-…T3BlbkFJ…)",
        "sk-learn, the bare prefixes, short look-alikes",
    ),
    (
        "secret.anthropic-key",
        _tok(r"sk-ant-[a-z]{2,8}[0-9]{2}-[A-Za-z0-9_-]{32,300}+"),
        r"sk-ant-",
        "Anthropic API and admin keys (sk-ant-api03-…, sk-ant-admin01-…)",
        "the bare prefix",
    ),
    (
        "secret.pypi-token",
        _tok(r"pypi-AgE[A-Za-z0-9_-]{50,1000}+"),
        r"pypi-AgE",
        "PyPI and TestPyPI upload tokens (pypi-AgEIcHlwaS5vcmc…)",
        "package names (pypi-simple)",
    ),
    (
        "secret.huggingface-token",
        _tok(r"(?:hf_|api_org_)[A-Za-z]{34,40}"),
        r"hf_|api_org_",
        "Hugging Face access tokens (hf_ + 34 letters, mixed case) and organisation tokens (api_org_…)",
        "hf_transfer, hf_hub_download and other lower-case names",
        V.mixed_case,
    ),
    (
        "secret.digitalocean-token",
        _tok(r"do[opr]_v1_[a-f0-9]{64}"),
        r"do[opr]_v1_",
        "DigitalOcean personal, OAuth and refresh tokens (dop_v1_, doo_v1_, dor_v1_ + 64 hex)",
        "shorter hex strings",
    ),
    (
        "secret.shopify-token",
        _tok(r"shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}"),
        r"shp(?:at|ss|ca|pa)_",
        "Shopify access tokens and shared secrets (shpat_, shpss_, shpca_, shppa_ + 32 hex)",
        "the bare prefix",
    ),
    (
        "secret.vault-token",
        _tok(r"hv[sbr]\.[A-Za-z0-9_-]{24,400}+"),
        r"hv[sbr]\.",
        "HashiCorp Vault service, batch and recovery tokens (hvs., hvb., hvr. + 24 or more)",
        "legacy s.… tokens (too generic without their label: see the assignment rules)",
    ),
    (
        "secret.linear-key",
        _tok(r"lin_(?:api|oauth)_[A-Za-z0-9]{40}"),
        r"lin_(?:api|oauth)_",
        "Linear API keys and OAuth tokens (lin_api_ + 40)",
        "the bare prefix",
    ),
    (
        "secret.doppler-token",
        _tok(r"dp\.(?:pt|st|sa|ct|scim|audit)\.(?:[a-z0-9_-]{1,64}\.)?[A-Za-z0-9]{40,64}"),
        r"dp\.(?:pt|st|sa|ct|scim|audit)\.",
        "Doppler personal, service, service account, CLI, SCIM and audit tokens (dp.pt., dp.st., … + 40 or more)",
        "short values",
    ),
    (
        "secret.grafana-token",
        _tok(
            r"(?:glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}|glc_[A-Za-z0-9+/]{32,400}+={0,3}|eyJrIjoi[A-Za-z0-9]{70,400}+={0,3})"
        ),
        r"glsa_|glc_|eyJrIjoi",
        "Grafana service account tokens (glsa_…_8 hex), Grafana Cloud tokens (glc_…) and legacy API keys",
        "dashboard links (see infra.dashboard-url)",
    ),
    (
        "secret.databricks-token",
        _tok(r"dapi[a-f0-9]{32}(?:-[0-9]{1,2})?"),
        r"dapi[a-f0-9]",
        "Databricks personal access tokens (dapi + 32 hex)",
        "words holding dapi, shorter hex",
    ),
    (
        "secret.newrelic-key",
        _tok(r"(?:NRAK-[A-Za-z0-9]{27}|NRII-[A-Za-z0-9_-]{32})"),
        r"NRAK-|NRII-",
        "New Relic user API keys (NRAK- + 27) and insert keys (NRII- + 32)",
        "browser keys (NRJS-: public in every page that loads the agent)",
    ),
    (
        "secret.atlassian-token",
        _tok(r"ATATT3[A-Za-z0-9_=-]{150,300}+"),
        r"ATATT3",
        "Atlassian API tokens (ATATT3…)",
        "Jira keys and Atlassian links (see infra.ticket-url)",
    ),
    (
        "secret.telegram-bot-token",
        r"(?:(?<=/bot)|(?<![A-Za-z0-9_:.-]))[0-9]{6,12}:AA[A-Za-z0-9_-]{33}(?![A-Za-z0-9_-])",
        r"[0-9]:AA",
        "Telegram bot tokens (bot id:AA + 33), bare or in an api.telegram.org/bot… URL",
        "times and other number:word pairs",
        V.telegram,
    ),
    (
        "secret.discord-webhook",
        r"https?://(?:(?:ptb|canary)\.)?discord(?:app)?\.com/api/(?:v[0-9]{1,2}/)?webhooks/[0-9]{15,21}/"
        r"[A-Za-z0-9_-]{40,100}+" + END,
        r"discord(?:app)?\.com/api/",
        "Discord webhook URLs (discord.com or discordapp.com /api/webhooks/id/token)",
        "invite and channel links",
    ),
    (
        "secret.mailgun-key",
        _tok(r"key-[0-9a-f]{32}"),
        r"key-[0-9a-f]",
        "Mailgun private API keys (key- + 32 hex, letters and digits)",
        "key-value, key-rotation and other words, pubkey-… (public)",
        V.hex_mixed,
    ),
    (
        "secret.postman-key",
        _tok(r"PMAK-[a-fA-F0-9]{24}-[a-fA-F0-9]{34}"),
        r"PMAK-",
        "Postman API keys (PMAK-24 hex-34 hex)",
        "the bare prefix",
    ),
    (
        "secret.pulumi-token",
        _tok(r"pul-[a-f0-9]{40}"),
        r"pul-[a-f0-9]",
        "Pulumi access tokens (pul- + 40 hex)",
        "shorter hex",
    ),
    (
        "secret.terraform-token",
        _tok(r"[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70}+"),
        r"\.atlasv1\.",
        "Terraform Cloud / Enterprise API tokens (….atlasv1.…)",
        "",
    ),
    (
        "secret.sentry-token",
        _tok(r"(?:sntrys_eyJ[A-Za-z0-9+/=_-]{40,600}+|sntryu_[a-f0-9]{64})"),
        r"sntry[su]_",
        "Sentry organisation and user auth tokens (sntrys_eyJ…, sntryu_ + 64 hex)",
        "Sentry DSNs (public keys)",
    ),
    (
        "secret.supabase-key",
        _tok(r"(?:sbp_[a-f0-9]{40}|sb_secret_[A-Za-z0-9_-]{20,100}+)"),
        r"sbp_|sb_secret_",
        "Supabase personal access tokens (sbp_ + 40 hex) and secret API keys (sb_secret_…)",
        "publishable keys (sb_publishable_…)",
    ),
    (
        "secret.flyio-token",
        _tok(r"(?:fo1_[A-Za-z0-9_-]{43}|fm1[ar]_[A-Za-z0-9+/]{100,8000}+={0,3}|fm2_[A-Za-z0-9+/]{100,8000}+={0,3})"),
        r"fo1_|fm1[ar]_|fm2_",
        "Fly.io access tokens (fo1_, fm1a_, fm1r_, fm2_ macaroons)",
        "",
    ),
    (
        "secret.planetscale-token",
        _tok(r"pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.=-]{32,64}+"),
        r"pscale_(?:tkn|pw|oauth)_",
        "PlanetScale API tokens, passwords and OAuth tokens (pscale_tkn_, pscale_pw_, pscale_oauth_)",
        "the bare prefix",
    ),
    (
        "secret.dockerhub-token",
        _tok(r"dckr_(?:pat|oat)_[A-Za-z0-9_-]{27,64}+"),
        r"dckr_(?:pat|oat)_",
        "Docker Hub personal and organisation access tokens (dckr_pat_, dckr_oat_)",
        "the bare prefix",
    ),
    (
        "secret.buildkite-token",
        _tok(r"bkua_[a-f0-9]{40}"),
        r"bkua_",
        "Buildkite API access tokens (bkua_ + 40 hex)",
        "",
    ),
    (
        "secret.circleci-token",
        _tok(r"CCIP(?:AT|RJ)_[A-Za-z0-9]{22}_[a-f0-9]{40}"),
        r"CCIP(?:AT|RJ)_",
        "CircleCI personal and project API tokens (CCIPAT_…, CCIPRJ_…)",
        "",
    ),
    (
        "secret.google-oauth-token",
        _tok(r"ya29\.[A-Za-z0-9_-]{30,2000}+"),
        r"ya29\.",
        "Google OAuth 2.0 access tokens (ya29.…)",
        "",
    ),
    (
        "secret.google-oauth-client-secret",
        _tok(r"GOCSPX-[A-Za-z0-9_-]{28}"),
        r"GOCSPX-",
        "Google OAuth client secrets (GOCSPX- + 28)",
        "OAuth client ids (public)",
    ),
    (
        "secret.square-token",
        _tok(r"(?:sq0(?:atp|csp)-[A-Za-z0-9_-]{22,60}+|EAAA[A-Za-z0-9_-]{60})"),
        r"sq0(?:atp|csp)-|EAAA",
        "Square access tokens and OAuth secrets (sq0atp-, sq0csp-, EAAA + 60)",
        "application ids (sq0idp-: public)",
        V.random_token,
    ),
    (
        "secret.facebook-token",
        B + r"EAA[A-Z][A-Za-z0-9]{100,600}+(?![A-Za-z0-9+/=_-])",
        r"EAA[A-Z]",
        "Facebook / Meta Graph API access tokens (EAAB…, EAAC…, EAAG…, 100 or more letters and digits)",
        "shorter strings, base64 runs (with + / =)",
        V.random_token,
    ),
    (
        "secret.mapbox-token",
        _tok(r"sk\.eyJ[A-Za-z0-9_-]{20,1000}+\.[A-Za-z0-9_-]{20,200}+"),
        r"sk\.eyJ",
        "Mapbox secret access tokens (sk.eyJ…)",
        "public tokens (pk.eyJ…)",
    ),
    (
        "secret.alibaba-key",
        r"(?<![A-Za-z0-9])LTAI[A-Za-z0-9]{12,20}" + END,
        r"LTAI",
        "Alibaba Cloud AccessKey ids (LTAI + 12 to 20)",
        "",
        V.random_token,
    ),
    (
        "secret.jfrog-token",
        _tok(r"(?:AKCp[A-Za-z0-9]{64,76}|cmVmdGtuOjAxOj[A-Za-z0-9]{40,60})"),
        r"AKCp|cmVmdGtu",
        "JFrog Artifactory API keys (AKCp…) and reference tokens (cmVmdGtu…)",
        "",
    ),
    (
        "secret.brevo-key",
        _tok(r"x(?:key|smtp)sib-[a-f0-9]{64}-[A-Za-z0-9]{16}"),
        r"x(?:key|smtp)sib-",
        "Brevo (Sendinblue) API and SMTP keys (xkeysib-…, xsmtpsib-…)",
        "",
    ),
    (
        "secret.rubygems-key",
        _tok(r"rubygems_[a-f0-9]{48}"),
        r"rubygems_",
        "RubyGems API keys (rubygems_ + 48 hex)",
        "",
    ),
    (
        "secret.nuget-key",
        _tok(r"oy2[a-z0-9]{43}"),
        r"oy2[a-z0-9]",
        "NuGet API keys (oy2 + 43, letters and digits)",
        "",
        V.random_token,
    ),
    (
        "secret.prefect-key",
        _tok(r"pnu_[A-Za-z0-9]{36}"),
        r"pnu_",
        "Prefect API keys (pnu_ + 36)",
        "",
    ),
    (
        "secret.readme-key",
        _tok(r"rdme_[a-z0-9]{70}"),
        r"rdme_",
        "ReadMe API keys (rdme_ + 70)",
        "",
    ),
    (
        "secret.typeform-token",
        _tok(r"tfp_[A-Za-z0-9_.=-]{40,80}+"),
        r"tfp_",
        "Typeform personal access tokens (tfp_…)",
        "",
    ),
    (
        "secret.dynatrace-token",
        _tok(r"dt0[a-z][0-9]{2}\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{64}"),
        r"dt0[a-z][0-9][0-9]\.",
        "Dynatrace API tokens (dt0c01.24.64)",
        "",
    ),
    (
        "secret.age-key",
        r"(?<![A-Za-z0-9-])AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}" + END,
        r"AGE-SECRET-KEY-1",
        "age encryption secret keys (AGE-SECRET-KEY-1…)",
        "age public keys (age1…)",
    ),
    (
        "secret.okta-token",
        r"(?<![A-Za-z0-9_-])00[A-Za-z0-9_-]{40}(?![A-Za-z0-9_-])",
        r"(?i:okta|ssws)",
        "Okta API tokens (00 + 40) after Okta or SSWS on their line (within 80 characters)",
        "the same shape without an Okta context",
        V.okta,
    ),
    (
        "secret.heroku-key",
        _tok(r"HRKU-[A-Za-z0-9_-]{50,80}+"),
        r"HRKU-",
        "Heroku API keys (HRKU-AA…)",
        "legacy UUID keys (see the assignment rules)",
    ),
    (
        "secret.netlify-token",
        _tok(r"nfp_[A-Za-z0-9_-]{32,64}+"),
        r"nfp_",
        "Netlify personal access tokens (nfp_…)",
        "",
    ),
    (
        "secret.azure-ad-client-secret",
        r"(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34}+(?![A-Za-z0-9_~-])",
        r"[0-9]Q~",
        "Microsoft Entra ID (Azure AD) client secrets (…8Q~…, 40 characters)",
        "",
        V.random_token,
    ),
    (
        "secret.notion-token",
        _tok(r"ntn_[0-9]{11}[A-Za-z0-9]{35}"),
        r"ntn_",
        "Notion integration tokens (ntn_…)",
        "",
    ),
    (
        "secret.perplexity-key",
        _tok(r"pplx-[A-Za-z0-9]{48}"),
        r"pplx-",
        "Perplexity API keys (pplx- + 48)",
        "",
    ),
    (
        "secret.groq-key",
        _tok(r"gsk_[A-Za-z0-9]{52}"),
        r"gsk_",
        "Groq API keys (gsk_ + 52)",
        "",
    ),
    (
        "secret.1password-token",
        _tok(r"ops_eyJ[A-Za-z0-9+/]{250,4000}+={0,3}"),
        r"ops_eyJ",
        "1Password service account tokens (ops_eyJ…)",
        "",
    ),
    (
        "secret.tailscale-key",
        _tok(r"tskey-(?:api|auth|client|scim|webhook)-[A-Za-z0-9]{6,40}-[A-Za-z0-9]{20,80}+"),
        r"tskey-",
        "Tailscale API, auth, OAuth client, SCIM and webhook keys (tskey-…)",
        "",
    ),
    (
        "secret.putty-key",
        r"(?<![A-Za-z0-9-])Private-Lines:[ \t]*[0-9]{1,3}(?:[ \t]*[A-Za-z0-9+/=]{8,}+)++",
        r"Private-Lines:",
        "the private part of a PuTTY key file (Private-Lines: N and its base64 lines)",
        "the public part (Public-Lines:) and the key's comment",
    ),
    (
        "secret.discord-token",
        _tok(r"[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38}"),
        r"(?i:discord|bot )",
        "Discord bot tokens (the bot's id in base64, a timestamp, an HMAC) with Discord or Bot on their line",
        "other dotted tokens (the first part must decode to the numeric id of a Discord account)",
        V.discord,
    ),
)


def vendor_rules(rule: Callable[..., Any]) -> tuple[Any, ...]:
    """The rows as rule table entries (``rule`` is ``rules.Rule``: passed in, ``rules`` imports us)."""
    out = []
    for row in VENDORS:
        rid, pattern, trigger, summary, leaves = row[:5]
        validate = row[5] if len(row) > 5 else V.varied
        out.append(rule(rid, "secret", "token", pattern, summary, leaves, validate=validate, trigger=trigger))
    return tuple(out)
