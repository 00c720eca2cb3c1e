"""--store, --lang and --role are accepted before or after the subcommand."""

from __future__ import annotations

import json

import pytest

import app


def test_status_with_store_after_the_subcommand(store, store_url, capsys):
    assert app.main(["status", "--json", "--store", store_url]) == 0
    after = json.loads(capsys.readouterr().out)
    assert app.main(["--store", store_url, "status", "--json"]) == 0
    before = json.loads(capsys.readouterr().out)
    assert after["store"] == before["store"] == store_url
    assert after == before


@pytest.mark.parametrize("where", ["before", "after"])
def test_lang_and_role_on_either_side(store, store_url, capsys, where):
    opts = ["--store", store_url, "--lang", "zh_CN", "--role", "viewer"]
    argv = [*opts, "status"] if where == "before" else ["status", *opts]
    parser, _ = app.build_parser()
    args = parser.parse_args(argv)
    assert (args.store, args.lang, args.role) == (store_url, "zh_CN", "viewer")
    from tests.support.cli import run_app  # puts the translators back: zh_CN stays in this command

    run = run_app(*argv)
    assert run.returncode == 0, run.stderr
    assert "活动：无" in run.stdout


def test_option_after_the_subcommand_wins_and_defaults_stay(store_url):
    parser, _ = app.build_parser()
    args = parser.parse_args(["--role", "dispatcher", "status", "--role", "viewer"])
    assert args.role == "viewer"
    args = parser.parse_args(["status"])
    assert (args.store, args.lang, args.role) == (None, None, "leader")
    with pytest.raises(SystemExit):
        parser.parse_args(["status", "--role", "boss"])
