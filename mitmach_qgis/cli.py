"""A thin command-line interface over the plugin's algorithms, for scripts, cron jobs and ``make demo``.

Run from the repository root with the Python that imports ``qgis`` (Debian: ``/usr/bin/python3``).
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from .core.i18n import load_translator, tr

LOG = logging.getLogger("mitmach_qgis")


class CliError(Exception):
    """A failure the user can act on: printed as one line, exit code 2."""


@contextlib.contextmanager
def qgis_application() -> Iterator[object]:
    """A headless QgsApplication with Processing and our provider, torn down afterwards."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from qgis.core import QgsApplication

    app = QgsApplication.instance()
    owned = app is None
    if owned:
        app = QgsApplication([], False)
        app.initQgis()
    from .processing_provider.provider import PROVIDER_ID, MitMachProvider

    registry = QgsApplication.processingRegistry()
    provider = None
    if registry.providerById(PROVIDER_ID) is None:
        provider = MitMachProvider()
        registry.addProvider(provider)
    try:
        yield app
    finally:
        if provider is not None:
            registry.removeProvider(provider)
        if owned:
            app.exitQgis()


def cmd_demo(args: argparse.Namespace) -> int:
    out = Path(args.outdir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CliError(
            tr("Cannot create the output folder {path}: {error}").format(path=out, error=exc)
        ) from exc
    print(tr("Demo output folder: {path}").format(path=out.resolve()))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python3 -m mitmach_qgis",
        description=tr("MitMach: neighbourhood energy-renovation participation, headless commands."),
    )
    parser.add_argument("-v", "--verbose", action="store_true", help=tr("print debug messages"))
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    demo = sub.add_parser("demo", help=tr("build the demo participation database and its outputs"))
    demo.add_argument("outdir", metavar="OUTDIR", help=tr("output folder (created if missing)"))
    demo.set_defaults(func=cmd_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    with qgis_application():
        translator = load_translator()  # noqa: F841 - must stay referenced while the CLI runs
        try:
            args = build_parser().parse_args(argv)
        except SystemExit as exc:  # --help or a usage error: argparse has printed it already
            return int(exc.code or 0)
        logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO, format="%(message)s")
        try:
            return args.func(args)
        except CliError as exc:
            print(tr("Error: {message}").format(message=exc), file=sys.stderr)
            return 2
