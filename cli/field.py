"""``python app.py field tokens``: register the field phones (one token per patroller and reporting unit).

Issuing new tokens cuts off the old ones (a lost phone stops working once the
new sheet is printed). The tokens are shown only here: ``--out FILE.pdf``
prints a QR card per holder (the page's address with the token), ``--json``
lists them for scripts. The store keeps only their hashes.
"""

from __future__ import annotations

import argparse

from cli.context import CommandContext
from cli.dates import parse_now
from models.clock import event_timezone
from services.field.server import DEFAULT_PORT, guess_base_url
from services.field.tokens import issue_tokens

NAME = "field"
HELP = "field phones: 'field tokens' issues a token (QR code) per patroller and reporting unit"
#: The QR sheet is painted with Qt's GUI classes.
NEEDS_GUI = True


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The action, --out, --url, --only, --now."""
    parser.add_argument("action", choices=("tokens",), help="tokens: issue new tokens (the old ones stop working)")
    parser.add_argument("--out", help="write the QR sheet to this PDF file")
    parser.add_argument("--url", help="the field listener's address as phones reach it "
                                      f"(default: http://THIS-MACHINE:{DEFAULT_PORT})")
    parser.add_argument("--only", choices=("people", "units"), help="issue tokens to patrollers only, or units only")
    parser.add_argument("--now", help=argparse.SUPPRESS)


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    """Issue the tokens, commit, then print them (sheet and/or list)."""
    from services.printing.field_tokens_pdf import token_url, write_field_tokens_pdf

    tr = ctx.tr
    try:
        now = parse_now(args.now)
    except ValueError as exc:
        return ctx.fail(str(exc))
    base = (args.url or guess_base_url()).rstrip("/")
    if not base.startswith(("http://", "https://")):
        return ctx.fail(tr("--url: {0} is not an http:// or https:// address").format(base))
    if base.endswith("/field"):
        base = base[: -len("/field")]
    with ctx.store.session() as session:
        tz = event_timezone(session)
        issued = issue_tokens(session, people=args.only != "units", units=args.only != "people",
                              user="cli", now=now)
        session.commit()
    rows = [{"kind": t.kind, "holder_id": t.holder_id, "name": t.label, "team": t.team_code, "token": t.token,
             "url": token_url(base, t.token)} for t in issued]
    payload = {"issued": len(rows), "url": base + "/field", "tokens": rows}
    if args.out:
        try:
            payload["pdf"] = str(write_field_tokens_pdf(issued, args.out, base_url=base, printed_at=now, tz=tz))
        except OSError as exc:
            return ctx.fail(tr("Cannot write {0}: {1}").format(args.out, exc))
    kinds = {"person": tr("patroller"), "unit": tr("reporting unit")}
    lines = [tr("Issued {0} tokens; earlier tokens of these holders no longer work.").format(len(rows))]
    if args.out:
        lines.append(tr("QR sheet written to {0}").format(args.out))
    else:
        lines += [f"{r['name']}\t{kinds[r['kind']]}\t{r['team'] or ''}\t{r['token']}" for r in rows]
    lines.append(tr("Phones open {0}").format(base + "/field"))
    ctx.emit(payload, "\n".join(lines))
    return 0
