"""``vndocsign policy`` and ``vndocsign report``: delivery form, submissions, quarterly report.

* ``vndocsign policy decide [FILE.pdf] --profile NAME --at YYYY-MM-DD [--type ...] --json``
* ``vndocsign policy check-submission TOTRINH.pdf DRAFT.pdf... --profile NAME --at DATE``
* ``vndocsign policy profiles`` — the shipped profiles and their rules
* ``vndocsign report quarterly LOG --quarter 2024Q3 --html OUT``

Exit codes: ``decide`` 0 for every decision (``NO_RULE`` included: it is an answer, stated in
the JSON); ``check-submission`` 0 accepted, 1 returned, 2 indeterminate; 3 for bad input.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import click

from vndocsign._io import write_atomic
from vndocsign.cli._common import (
    EXIT_FAILED,
    EXIT_INDETERMINATE,
    EXIT_OK,
    InputPath,
    OutputPath,
    echo_json,
    json_option,
)
from vndocsign.errors import PolicyError
from vndocsign.metadata import extract_metadata
from vndocsign.model import OfficialDocument
from vndocsign.policy import (
    Decision,
    DocumentFacts,
    PolicyLog,
    PolicyLogError,
    Profile,
    SubmissionVerdict,
    VerifyingSubmissionVerifier,
    check_submission,
    compose,
    load_profile,
    quarterly_report,
    shipped_profiles,
)

__all__ = ["commands", "policy", "report"]


def _profile(names: tuple[str, ...]) -> Profile:
    if not names:
        raise PolicyError(
            "Give a profile with --profile (" + ", ".join(shipped_profiles()) + " or a .toml file)",
            "Hãy chọn hồ sơ quy tắc bằng --profile ("
            + ", ".join(shipped_profiles())
            + " hoặc tệp .toml)",
        )
    if len(names) == 1:
        return load_profile(names[0])
    return compose(*names)


def _date(value: str | None, fallback: dt.date | None = None) -> dt.date:
    if value is None:
        if fallback is None:
            raise PolicyError(
                "Give the day the rules are applied on with --at YYYY-MM-DD",
                "Hãy nêu ngày áp dụng quy định bằng --at YYYY-MM-DD",
            )
        return fallback
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise PolicyError(
            f"--at must be a date YYYY-MM-DD, not {value!r}",
            f"--at phải là ngày dạng YYYY-MM-DD, không phải {value!r}",
        ) from None


_profile_option = click.option(
    "--profile",
    "profiles",
    multiple=True,
    metavar="NAME|FILE.toml",
    help="Policy profile (repeat to compose): " + ", ".join(shipped_profiles()) + ".",
)
_on_option = click.option(
    "--at",
    "--on",
    "on",
    metavar="YYYY-MM-DD",
    help="Day the rules are applied on (--on is the older spelling).",
)
_scope_option = click.option(
    "--scope",
    type=click.Choice(["central", "province", "internal"]),
    help="Where the document goes (default: the profile's assumption, reported).",
)
_log_options = [
    click.option("--log", "log_path", type=OutputPath(dir_okay=False), help="Append to this log."),
    click.option("--unit", help="Unit recorded in the log (required with --log)."),
]


def _with_log(f: click.decorators.FC) -> click.decorators.FC:
    for option in reversed(_log_options):
        f = option(f)
    return f


def _print_decision(decision: Decision) -> None:
    click.echo(f"{decision.delivery.value}: {decision.delivery.vi}")
    roles = ", ".join(r.value for r in decision.required_signatures) or "—"
    click.echo(f"Chữ ký bắt buộc / required signatures: {roles}")
    for reason in decision.reasons:
        head = f"[{reason.rule} — {reason.source}]" if reason.rule else "[—]"
        click.echo(f"  {head} {reason.vi}")
        click.echo(f"      {reason.en}")
    for text in decision.assumptions:
        click.echo(f"  * {text}")
    if decision.evidence:
        found = "; ".join(f"{e.category} ← “{e.matched}” ({e.field})" for e in decision.evidence)
        click.echo(f"  * Nhóm nội dung / categories: {found}")


@click.group("policy")
def policy() -> None:
    """Hình thức gửi và chữ ký bắt buộc theo quy định / Delivery form and signing policy."""


@policy.command("decide")
@click.argument("file", required=False, type=InputPath(exists=True, dir_okay=False))
@_profile_option
@_on_option
@click.option("--type", "type_", metavar="NAME|ABBR", help="Document type (Tờ trình, TTr, QĐ...).")
@click.option("--subject", help="Trích yếu (subject), used to infer categories.")
@click.option(
    "--category",
    "categories",
    multiple=True,
    help="Subject category, repeatable (finance, personnel, complaints, investment, "
    "administrative-procedure, meeting, report, report-periodic, schedule, "
    "for-information, draft-for-comments, ...); without it they are inferred.",
)
@click.option(
    "--infer/--no-infer",
    default=None,
    help="Also infer categories from the text when --category is given.",
)
@_scope_option
@click.option("--secrecy", metavar="MẬT|TỐI MẬT|TUYỆT MẬT", help="Secrecy mark.")
@click.option("--draft", is_flag=True, default=None, help="The document is a draft (dự thảo).")
@click.option("--submission", is_flag=True, help="Submitted (trình) to a higher authority.")
@click.option("--recipient", "recipients", multiple=True, help="A Kính gửi line (repeatable).")
@click.option(
    "--distribution", "distribution", multiple=True, help="A Nơi nhận entry (repeatable)."
)
@_with_log
@json_option
def decide_cmd(
    file: str | None,
    profiles: tuple[str, ...],
    on: str | None,
    type_: str | None,
    subject: str | None,
    categories: tuple[str, ...],
    infer: bool | None,
    scope: str | None,
    secrecy: str | None,
    draft: bool | None,
    submission: bool,
    recipients: tuple[str, ...],
    distribution: tuple[str, ...],
    log_path: str | None,
    unit: str | None,
    as_json: bool,
) -> int:
    """Quyết định hình thức gửi và chữ ký cần có / Decide how a document may be sent and
    which signatures it needs.

    From FILE.pdf (its metadata) and/or from the flags; flags override the file.
    """
    if log_path and not unit:
        raise PolicyError("--log needs --unit", "--log cần có --unit")
    prof = _profile(profiles)
    base = OfficialDocument()
    if file is not None:
        base = extract_metadata(Path(file))
    facts = DocumentFacts(
        document_type=type_ if type_ is not None else base.document_type,
        secrecy=secrecy if secrecy is not None else base.secrecy,
        draft=draft if draft is not None else base.draft,
        submission=submission,
        scope=scope,
        categories=frozenset(categories) if categories else None,
        subject=subject if subject is not None else base.subject,
        recipients=recipients or base.recipients,
        distribution=distribution or base.distribution,
        issued_date=base.issued_date,
    )
    if categories and infer:
        inferred, _ = prof.classifier.classify(
            subject=facts.subject,
            recipients=facts.recipients,
            distribution=facts.distribution,
            document_type=facts.document_type,
        )
        facts = attrs.evolve(facts, categories=frozenset(categories) | inferred)
    day = _date(on, base.issued_date)
    decision = prof.engine.decide(facts, day)
    if log_path and unit:
        PolicyLog(log_path).append_decision(decision, unit=unit, document=file)
    if as_json:
        data = decision.to_dict()
        data["facts"] = facts.to_dict()
        echo_json(data)
    else:
        _print_decision(decision)
    return EXIT_OK


@policy.command("check-submission")
@click.argument("totrinh", type=click.Path(dir_okay=False))
@click.argument("drafts", nargs=-1, type=click.Path(dir_okay=False))
@_profile_option
@_on_option
@_scope_option
@click.option(
    "--trust-root",
    "trust_roots",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="Trusted root certificate (PEM/DER), repeatable. Without --trust-root or "
    "--trust the signatures are verified against the default trust profile (any-vn).",
)
@click.option(
    "--trust",
    "trust_name",
    type=click.Choice(["cong-vu", "public", "any-vn"]),
    help="Verify the signatures against a Vietnamese trust profile (trust store).",
)
@_with_log
@json_option
def check_submission_cmd(
    totrinh: str,
    drafts: tuple[str, ...],
    profiles: tuple[str, ...],
    on: str | None,
    scope: str | None,
    trust_roots: tuple[str, ...],
    trust_name: str | None,
    log_path: str | None,
    unit: str | None,
    as_json: bool,
) -> int:
    """Kiểm tra tờ trình và dự thảo kèm theo: nhận, hoặc trả lại hồ sơ kèm lý do / Check a
    tờ trình and its drafts: accept, or return with reasons."""
    trust = None  # the verification's default trust profile (any-vn)
    if trust_roots or trust_name:
        from vndocsign.verification import TrustProfile  # pyHanko: loaded only when needed

        trust = (
            TrustProfile.custom(trust_roots)
            if trust_roots
            else TrustProfile.named(trust_name or "any-vn")
        )
    verifier = VerifyingSubmissionVerifier(trust=trust)
    if log_path and not unit:
        raise PolicyError("--log needs --unit", "--log cần có --unit")
    prof = _profile(profiles)
    day = _date(on)
    result = check_submission(
        Path(totrinh),
        [Path(d) for d in drafts],
        profile=prof,
        at=day,
        scope=scope,
        verifier=verifier,
    )
    if log_path and unit:
        PolicyLog(log_path).append_check(result, unit=unit, document=totrinh)
    if as_json:
        echo_json(result.to_dict())
    else:
        labels = {
            SubmissionVerdict.ACCEPTED: "ACCEPTED: hồ sơ hợp lệ",
            SubmissionVerdict.RETURNED: "RETURNED: trả lại hồ sơ",
            SubmissionVerdict.INDETERMINATE: "INDETERMINATE: chưa xác định được",
        }
        click.echo(labels[result.verdict])
        for f in result.findings:
            mark = {True: "✓", False: "✗", None: "?"}[f.ok]
            need = "" if f.required else " (tham khảo / informational)"
            rule = f" [{f.rule} — {f.source}]" if f.rule else ""
            click.echo(f"  {mark} {f.document}: {f.vi}{rule}{need}")
            click.echo(f"      {f.en}")
    return {
        SubmissionVerdict.ACCEPTED: EXIT_OK,
        SubmissionVerdict.RETURNED: EXIT_FAILED,
        SubmissionVerdict.INDETERMINATE: EXIT_INDETERMINATE,
    }[result.verdict]


@policy.command("profiles")
@click.argument("names", nargs=-1)
@json_option
def profiles_cmd(names: tuple[str, ...], as_json: bool) -> int:
    """Liệt kê hồ sơ quy tắc, hoặc xem quy tắc của hồ sơ được nêu / List the shipped
    profiles, or show the rules of the named ones."""
    chosen = names or shipped_profiles()
    loaded = [load_profile(n) for n in chosen]
    if as_json:
        echo_json(
            [p.to_dict() for p in loaded]
            if names
            else [
                {
                    "name": p.name,
                    "title_vi": p.title_vi,
                    "title_en": p.title_en,
                    "layers": list(p.chain),
                    "rules": len(p.rules),
                }
                for p in loaded
            ]
        )
        return EXIT_OK
    for p in loaded:
        click.echo(f"{p.name}: {p.title_vi} ({len(p.rules)} quy tắc / rules)")
        if names:
            for r in p.rules:
                windows = ", ".join(w.label() for w in r.windows)
                effect = (
                    r.delivery.value
                    if r.delivery
                    else "signatures: " + ", ".join(sorted(s.value for s in r.signatures))
                )
                click.echo(f"  {r.id} [{r.source}] {windows} → {effect}")
    return EXIT_OK


@click.group("report")
def report() -> None:
    """Báo cáo định kỳ / Period reports from the policy log."""


def _write_report(target: str, text: str) -> None:
    try:
        write_atomic(target, text)
    except OSError as exc:  # unwritable output path: a bad argument, exit 3 (not 70)
        reason = exc.strerror or str(exc)
        raise PolicyLogError(
            f"Cannot write the report to {target}: {reason}",
            f"Không ghi được báo cáo vào {target}: {reason}",
            path=target,
            reason=reason,
        ) from None


@report.command("quarterly")
@click.argument("log", type=InputPath(exists=True, dir_okay=False))
@click.option("--quarter", required=True, metavar="YYYYQn", help="e.g. 2024Q3")
@click.option("--html", "html_out", type=OutputPath(dir_okay=False), help="Write the HTML page.")
@click.option("--csv", "csv_out", type=OutputPath(dir_okay=False), help="Write CSV.")
@click.option(
    "--output-json",
    "json_out",
    type=OutputPath(dir_okay=False),
    help="Write the JSON report to a file.",
)
@json_option
def quarterly_cmd(
    log: str,
    quarter: str,
    html_out: str | None,
    csv_out: str | None,
    json_out: str | None,
    as_json: bool,
) -> int:
    """Báo cáo quý theo đơn vị: chỉ điện tử, bản giấy, trả lại, trễ hạn / Quarterly per-unit
    counts and rates: electronic-only, paper, returned, late."""
    result = quarterly_report(Path(log), quarter)
    for target, render in (
        (html_out, result.to_html),
        (csv_out, result.to_csv),
        (json_out, lambda: result.to_json() + "\n"),
    ):
        if target:
            _write_report(target, render())
    if as_json:
        echo_json(result.to_dict())
    else:
        click.echo(f"Quý / quarter {result.quarter} ({result.start} – {result.end})")
        for u in (*result.units, result.total):
            click.echo(
                f"  {u.unit}: {u.decisions} văn bản, chỉ điện tử {u.electronic_only}, "
                f"kèm giấy {u.electronic_and_paper}, trả lại {u.returned}/{u.submissions}, "
                f"chậm {u.late}/{u.exchanges}"
            )
    return EXIT_OK


commands: list[click.Command] = [policy, report]
