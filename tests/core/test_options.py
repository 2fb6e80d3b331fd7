"""The options table is the one source of option defaults, checks and the README's options table."""
from __future__ import annotations

import pathlib
import re

import pytest

from kucoin_connector import Kucoin
from kucoin_connector.errors import BadRequest
from kucoin_connector.options import OPTIONS, markdown_table, option, read_options

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_the_readme_table_is_generated_from_the_options_table():
    text = (ROOT / "README.md").read_text()
    block = text.split("<!-- options table: begin -->\n", 1)[1].split("\n<!-- options table: end -->", 1)[0]
    assert block == markdown_table(), "run: kucoin-connector options-table, paste into README.md"


def test_the_cli_prints_the_generated_table(capsys):
    from kucoin_connector.cli import main
    assert main(["options-table"]) == 0
    assert capsys.readouterr().out == markdown_table() + "\n"


def test_defaults_are_filled_in_and_unknown_options_are_kept():
    options = read_options({"maxRetries": 0, "someCcxtOption": 1})
    assert options["maxRetries"] == 0 and options["someCcxtOption"] == 1
    assert {name: options[name] for name in OPTIONS if name != "maxRetries"} == \
        {name: spec.default for name, spec in OPTIONS.items() if name != "maxRetries"}


@pytest.mark.parametrize("name,value", [("numbers", "double"), ("keyVersion", 4), ("vipLevel", 13),
                                        ("maxRetries", -1), ("maxRetries", True), ("poolSize", 0),
                                        ("asyncTransport", "aiohttp"), ("hf", "yes"), ("reconcileDelay", float("nan")),
                                        ("watchTimeout", 0), ("rateLimitQuotas", {"Spot": -5}),
                                        ("rateLimiter", "http://redis:6379"), ("rateLimiterAccount", "a b"),
                                        ("wsTopicLimit", 1000), ("defaultType", "swap")])
def test_a_bad_option_is_refused_naming_it(name, value):
    with pytest.raises(BadRequest, match=rf"options\.{name} must be"):
        Kucoin({"options": {name: value}})


def test_option_falls_back_to_the_table_default_for_partial_dicts():
    assert option({}, "reconcileAttempts") == OPTIONS["reconcileAttempts"].default
    assert option({"reconcileAttempts": 5}, "reconcileAttempts") == 5


def test_every_option_the_code_reads_is_in_the_table():
    read = set()
    for path in (ROOT / "kucoin_connector").rglob("*.py"):
        text = path.read_text()
        read |= set(re.findall(r'options\["(\w+)"\]', text))
        read |= set(re.findall(r'option\([\w.]+, "(\w+)"\)', text))
        assert not re.search(r'options\.get\("', text), f"{path}: read options[...] (the table fills defaults)"
    assert read and read <= set(OPTIONS), sorted(read - set(OPTIONS))
