#!/usr/bin/env python3
"""Generate ``kucoin_connector/rest/endpoint_table.py`` from the shared KuCoin endpoint TSV.

Layer: build tool (not shipped). Rule: deterministic output (rows sorted, no timestamps, no absolute
paths), so ``--check`` can tell whether the committed table is stale.

Source: ``reference/kucoin-endpoints.tsv`` (380 rows: the 250 operations of KuCoin's official OpenAPI
spec, 82 Unified Trading Account routes from the official SDK without weights, 48 classic endpoints
absent from the spec snapshot and marked "verify"). See ``reference/kucoin.md``.

Decisions taken here (each documented where it is applied):

* Method quirk: the spec stores futures "Get Actual Fee" (``/api/v1/trade-fees``) as PATCH because its
  path clashes with the spot GET; the real method is GET (kucoin.md, "Decoding"). Any PATCH row is
  rewritten through :data:`METHOD_FIXES`; an unknown PATCH fails the build.
* Weight: rows without a published weight (82 UTA, 48 unverified, 5 spec rows) get
  :data:`DEFAULT_WEIGHT` = 10, the 75th percentile of the 245 published weights (median 4): an
  unknown route is over-budgeted rather than under-budgeted; the rate limiter should still trust the
  ``gw-ratelimit-remaining`` header over the table.
* Pool: taken from the TSV (the spec's ``x-api-rate-limit-pool``); the UTA label
  "Unified Account (per docs rate-limit table)" becomes ``UnifiedAccount``; rows with no pool (the
  unverified ones) get one from :func:`infer_pool`.

Usage: ``python tools/gen_endpoints.py [--tsv PATH] [--out PATH] [--check]``; ``--check`` exits 1 when
the output file differs from what would be generated, 0 when it is current.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the checkout's package, installed or not

# The row type is the library's own (fields declared once); it lives apart from the table it describes.
from kucoin_connector.rest.endpoint_row import Endpoint as Row  # noqa: E402
DEFAULT_TSV = ROOT / "reference" / "kucoin-endpoints.tsv"
DEFAULT_OUT = ROOT / "kucoin_connector" / "rest" / "endpoint_table.py"

DEFAULT_WEIGHT = 10

HOSTS = {
    "https://api.kucoin.com": "spot",
    "https://api-futures.kucoin.com": "futures",
    "https://api-broker.kucoin.com": "broker",
}

POOL_ALIASES = {"Unified Account (per docs rate-limit table)": "UnifiedAccount"}

# (spec method, path, host) -> real method. Source: kucoin.md "Decoding" paragraph, spec x-original-method.
METHOD_FIXES = {("PATCH", "/api/v1/trade-fees", "futures"): "GET"}

ALLOWED_METHODS = ("GET", "POST", "PUT", "DELETE")


def infer_pool(path: str, host: str, private: bool) -> str:
    """Pool for a row the TSV gives none (the 48 unverified classic endpoints).

    Rules mirror how the spec assigns neighbouring endpoints: broker host -> Broker; copy trading ->
    CopyTrading; earn products -> Earn; affiliate/broker/KYC account pages -> Management (as the spec's
    ``/api/v2/affiliate/inviter/statistics`` and ``/api/v1/broker/api/rebase/download``); other public
    routes -> Public; otherwise the product pool of the host.
    """
    if host == "broker":
        return "Broker"
    if "/copy-trade/" in path:
        return "CopyTrading"
    if "/earn/" in path or "/struct-earn/" in path:
        return "Earn"
    if any(part in path for part in ("/affiliate/", "/broker/", "/kyc/")):
        return "Management"
    if not private:
        return "Public"
    return "Futures" if host == "futures" else "Spot"


def convert(record: dict[str, str]) -> Row:
    """Turn one TSV record into a :class:`Row`, applying the documented fixes."""
    host = HOSTS[record["base_url"].strip()]
    path = record["path"].strip()
    method = record["method"].strip().upper()
    method = METHOD_FIXES.get((method, path, host), method)
    if method not in ALLOWED_METHODS:
        raise ValueError(f"unexpected method {method} for {path} on {host}: add a METHOD_FIXES entry")
    private = record["access"].strip().lower() == "private"
    pool = record["rate_limit_pool"].strip()
    pool = POOL_ALIASES.get(pool, pool) or infer_pool(path, host, private)
    weight_text = record["weight"].strip()
    weight = int(weight_text) if weight_text else DEFAULT_WEIGHT
    permission = record["api_key_permission"].strip()
    if permission.upper() in ("", "NULL"):
        permission = ""
    return Row(
        method=method,
        path=path,
        host=host,
        pool=pool,
        weight=weight,
        private=private,
        deprecated=record["status"].strip().lower() == "deprecated",
        permission=permission or None,
        doc_url=record["doc_url"].strip() or None,
        name=record["name"].strip(),
    )


def read_rows(tsv: pathlib.Path) -> list[Row]:
    """Read, convert, check uniqueness of (method, path, host) and sort the rows."""
    with tsv.open(newline="", encoding="utf-8") as handle:
        rows = [convert(record) for record in csv.DictReader(handle, delimiter="\t")]
    seen: set[tuple[str, str, str]] = set()
    for row in rows:
        key = (row.method, row.path, row.host)
        if key in seen:
            raise ValueError(f"duplicate endpoint {key}")
        seen.add(key)
    return sorted(rows, key=lambda r: (r.host, r.path, r.method))


def render(rows: list[Row], source_sha256: str) -> str:
    """The text of endpoint_table.py (pure function of the rows and the source hash)."""
    lines = [
        '"""KuCoin REST endpoint table. GENERATED by tools/gen_endpoints.py: do not edit by hand.',
        "",
        "Layer: pure core (data only). Source: reference/kucoin-endpoints.tsv (KuCoin's official OpenAPI",
        "spec, the official SDK's UTA routes, unverified classic endpoints), sha256 below. Regenerate with",
        "``python tools/gen_endpoints.py``; ``--check`` fails when this file is stale.",
        "",
        f"Row: ({', '.join(Row._fields)}).",
        f"Rows without a published weight carry DEFAULT_WEIGHT ({DEFAULT_WEIGHT}); see the generator.",
        '"""',
        "from __future__ import annotations",
        "",
        '__all__ = ["DEFAULT_WEIGHT", "ENDPOINT_ROWS", "SOURCE_SHA256"]',
        "",
        f"DEFAULT_WEIGHT = {DEFAULT_WEIGHT}",
        f'SOURCE_SHA256 = "{source_sha256}"',
        "",
        "ENDPOINT_ROWS: tuple[tuple[str, str, str, str, int, bool, bool, str | None, str | None, str], ...] = (",
    ]
    lines.extend(f"    {tuple(row)!r}," for row in rows)
    lines.append(")")
    return "\n".join(lines) + "\n"


def generate(tsv: pathlib.Path) -> str:
    """Read ``tsv`` and return the module text."""
    digest = hashlib.sha256(tsv.read_bytes()).hexdigest()
    return render(read_rows(tsv), digest)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tsv", type=pathlib.Path, default=DEFAULT_TSV)
    parser.add_argument("--out", type=pathlib.Path, default=DEFAULT_OUT)
    parser.add_argument("--check", action="store_true", help="exit 1 if --out is stale")
    args = parser.parse_args(argv)
    text = generate(args.tsv)
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is stale: run python tools/gen_endpoints.py", file=sys.stderr)
            return 1
        print(f"{args.out} is up to date")
        return 0
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
