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
from .data.stores import is_postgres  # a URI, service= or a QGIS connection name rather than a file

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


def run_algorithm(algorithm_id: str, parameters: dict) -> dict:
    """Run one of our Processing algorithms headless; its error message becomes a CliError."""
    from .processing_provider.runner import AlgorithmError, CollectingFeedback
    from .processing_provider.runner import run_algorithm as run

    try:
        return run(algorithm_id, parameters, feedback=CollectingFeedback())
    except AlgorithmError as exc:
        raise CliError(str(exc)) from exc


def existing_database(target: str) -> None:
    """A GeoPackage argument must be an existing file (a PostgreSQL target is checked when connecting)."""
    if not is_postgres(target) and not Path(target).exists():
        raise CliError(tr("The file {path} does not exist.").format(path=target))


def open_database(target: str, migrate_old: bool = True):
    """The store of a DB argument (GeoPackage file or PostgreSQL target); its errors become a CliError."""
    from .data.errors import StoreError
    from .data.stores import open_store

    existing_database(target)
    try:
        return open_store(target, migrate_old=migrate_old)
    except StoreError as exc:
        raise CliError(str(exc)) from exc


def cmd_create(args: argparse.Namespace) -> int:
    if is_postgres(args.path):
        return _create_postgis(args)
    if args.roles:
        raise CliError(tr("--roles is for a PostgreSQL database; a GeoPackage file has no roles."))
    params = {"OUTPUT": str(Path(args.path)), "CRS": args.crs, "OVERWRITE": args.overwrite}
    if args.area:
        if not Path(args.area).exists():
            raise CliError(tr("The file {path} does not exist.").format(path=args.area))
        params["AREA"] = str(args.area)
    results = run_algorithm("mitmach:createdatabase", params)
    print(tr("Created participation database {path}").format(path=results["OUTPUT"]))
    return 0


def _create_postgis(args: argparse.Namespace) -> int:
    from .data.errors import StoreError
    from .data.pg_store import PostgisStore

    try:
        areas = []
        if args.area:
            from .data.area import area_polygons, load_area_layer
            from .data.gpkg_store import _srs_definition

            if not Path(args.area).exists():
                raise CliError(tr("The file {path} does not exist.").format(path=args.area))
            _srs_definition(
                args.crs
            )  # a CRS that is not projected in metres is refused before reading the area
            areas = area_polygons(load_area_layer(args.area), args.crs)
        store = PostgisStore.create(
            args.path, crs=args.crs, areas=areas, overwrite=args.overwrite, roles=args.roles
        )
    except StoreError as exc:
        raise CliError(str(exc)) from exc
    print(tr("Created participation database {path}").format(path=store.label))
    return 0


def cmd_roles(args: argparse.Namespace) -> int:
    from .data.errors import StoreError

    if not is_postgres(args.db):
        raise CliError(tr("--roles is for a PostgreSQL database; a GeoPackage file has no roles."))
    store = open_database(args.db)
    try:
        store.set_up_roles()
    except StoreError as exc:
        raise CliError(str(exc)) from exc
    print(tr("The roles mitmach_officer, mitmach_planner and mitmach_public are set up on {path}.").format(
        path=store.label))  # fmt: skip
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    from .data import transfer
    from .data.errors import StoreError

    try:
        report = transfer.migrate(args.source, args.destination, overwrite=args.overwrite)
        if not is_postgres(args.destination):
            # as `create` does: the styles, forms and project inside the file
            from .core.i18n import qgis_language
            from .data.layers import save_default_styles, save_project

            save_default_styles(args.destination, qgis_language())
            save_project(args.destination, qgis_language())
    except StoreError as exc:
        raise CliError(str(exc)) from exc
    for line in report.lines():
        print(line)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    existing_database(args.db)
    if not Path(args.file).exists():
        raise CliError(tr("The file {path} does not exist.").format(path=args.file))
    params = {"DATABASE": str(args.db), "INPUT": str(args.file)}
    if args.report:
        params["REPORT"] = str(args.report)
    if args.geocoder:
        params["GEOCODER_URL"] = args.geocoder
    results = run_algorithm("mitmach:importsubmissions", params)
    print(
        tr(
            "{imported} submissions imported ({proposals} proposals), {duplicates} duplicates, {skipped} rows skipped."
        ).format(
            imported=results["IMPORTED"],
            proposals=results["PROPOSALS"],
            duplicates=results["DUPLICATES"],
            skipped=results["SKIPPED"],
        )
    )
    return 0


def cmd_match(args: argparse.Namespace) -> int:
    import json

    from .data.errors import StoreError
    from .processing_provider.find_matches import ranked_candidates, write_pairs

    if bool(args.proposal) == bool(args.all):
        raise CliError(tr("Give either --proposal UUID or --all --output FILE."))
    if args.all and not args.output:
        raise CliError(tr("--all needs --output PAIRS.gpkg or PAIRS.csv."))
    store = open_database(args.db)
    try:
        if args.all:
            count = write_pairs(store, args.output)
            print(tr("{count} compatible pairs written to {path}").format(count=count, path=args.output))
            return 0
        candidates = ranked_candidates(store, args.proposal, limit=args.limit, language=args.language)
    except StoreError as exc:
        raise CliError(str(exc)) from exc
    if args.json:
        print(json.dumps(candidates, ensure_ascii=False, indent=1))
        return 0
    for rank, c in enumerate(candidates, start=1):
        print(
            f"{rank:>3}  {c['uuid']}  {c['theme']:<16} {c['distance_m']:>7.1f} m  {c['score']:.3f}  {c['sentence']}"
        )
    if not candidates:
        print(tr("No compatible proposals nearby."))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .data.errors import StoreError
    from .export.public_export import export_public_map

    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    unknown = sorted(set(formats) - {"pdf", "png", "svg", "web"})
    if unknown or not formats:
        raise CliError(
            tr("Unknown formats: {formats} (use pdf, png, svg, web).").format(formats=", ".join(unknown))
        )
    store = open_database(args.db, migrate_old=False)  # the export only reads
    try:
        result = export_public_map(
            store, args.out, formats=formats, atlas=args.atlas, hex_size=args.hex_size, k=args.k,
            title=args.title, language=args.lang, dpi=args.dpi, clusters_path=args.clusters,
        )  # fmt: skip
    except (StoreError, ValueError) as exc:
        raise CliError(str(exc)) from exc
    for path in result["paths"].values():
        print(path)
    return 0


def cmd_cluster(args: argparse.Namespace) -> int:
    from .processing_provider.runner import AlgorithmError, CollectingFeedback
    from .processing_provider.synergy_clusters import cluster_to_gpkg

    store = open_database(args.db, migrate_old=False)  # clustering only reads
    try:
        results = cluster_to_gpkg(
            store, args.output, synergy=args.synergy, eps=args.eps, min_points=args.min_points,
            year_tolerance=args.year_tolerance, buildings=args.buildings, demand_field=args.demand_field,
            demand_scope=args.demand_scope, streets=args.streets, report=args.report,
            feedback=CollectingFeedback(echo=lambda text: print(text, file=sys.stderr)),
        )  # fmt: skip
    except AlgorithmError as exc:
        raise CliError(str(exc)) from exc
    print(
        tr("{clusters} clusters, {candidates} heat-network candidates: {path}").format(
            clusters=results["CLUSTER_COUNT"], candidates=results["CANDIDATE_COUNT"], path=results["path"]
        )
    )
    return 0


def _privacy_command(args: argparse.Namespace, run, summary, migrate_old: bool = True) -> int:
    """Open the database, run ``run(store, user)``, print ``summary(report)``: forget and purge."""
    from .data.errors import StoreError
    from .data.gpkg_store import current_user

    store = open_database(args.db, migrate_old=migrate_old)
    try:
        report = run(store, args.user or current_user())
    except (StoreError, ValueError) as exc:
        raise CliError(str(exc)) from exc
    for line in summary(report):
        print(line)
    return 0


def cmd_forget(args: argparse.Namespace) -> int:
    from .data import privacy

    return _privacy_command(
        args,
        lambda store, user: privacy.forget_participant(store, args.participant, user),
        privacy.forget_summary,
    )


def cmd_purge(args: argparse.Namespace) -> int:
    from .data import privacy

    return _privacy_command(
        args,
        lambda store, user: privacy.purge(store, dry_run=args.dry_run, user=user),
        privacy.purge_summary,
        migrate_old=not args.dry_run,  # a dry run only reads: an older file is not upgraded for it
    )


def cmd_demo(args: argparse.Namespace) -> int:
    from .core.demo import generate_demo_town
    from .data.demo_db import DEMO_FILE, demo_buildings_source, write_demo
    from .data.errors import StoreError
    from .data.layers import save_default_styles, save_project

    out = Path(args.outdir)
    if is_postgres(args.outdir):
        raise CliError(tr("OUTDIR is a folder for the maps and reports; give the database with --database."))
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CliError(
            tr("Cannot create the output folder {path}: {error}").format(path=out, error=exc)
        ) from exc
    on_postgis = bool(args.database) and is_postgres(args.database)
    target = args.database or str(out / DEMO_FILE)
    town = generate_demo_town(seed=args.seed, participants=args.participants)
    from .export.public_export import export_public_map
    from .processing_provider.runner import AlgorithmError
    from .processing_provider.synergy_clusters import cluster_to_gpkg

    try:
        # a GeoPackage demo file is always replaced; a PostgreSQL schema only with --overwrite
        store = write_demo(target, town, overwrite=args.overwrite or not on_postgis)
        if not on_postgis:  # PostGIS layers get the same styles and forms when opened from the MitMach menu
            save_default_styles(store.path, args.language)
            save_project(store.path, args.language)
        # every building of a cluster area counts: the planner's question is the potential of a network there
        clusters = cluster_to_gpkg(
            store, out / "clusters.gpkg", synergy="local_heat_network", eps=125, min_points=3,
            buildings=demo_buildings_source(store), demand_field="heat_demand_mwh_a", demand_scope="area",
            report=str(out / "clusters.html"),
        )  # fmt: skip
        published = export_public_map(
            store, out, formats=("pdf", "png", "web"), atlas=True, language=args.language,
            clusters_path=out / "clusters.gpkg",
        )  # fmt: skip
    except (StoreError, AlgorithmError) as exc:
        raise CliError(str(exc)) from exc
    where = store.label if on_postgis else store.path.resolve()
    print(
        tr(
            "Demo database {path}: {participants} participants, {proposals} proposals, {buildings} buildings."
        ).format(
            path=where,
            participants=len(town.participants),
            proposals=len(town.proposals),
            buildings=len(town.buildings),
        )
    )
    print(
        tr("{clusters} clusters, {candidates} heat-network candidates: {path}").format(
            clusters=clusters["CLUSTER_COUNT"], candidates=clusters["CANDIDATE_COUNT"], path=clusters["path"]
        )
    )
    for path in published["paths"].values():
        print(path)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python3 -m mitmach_qgis",
        description=tr("MitMach: neighbourhood energy-renovation participation, headless commands."),
    )
    parser.add_argument("-v", "--verbose", action="store_true", help=tr("print debug messages"))
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    create = sub.add_parser("create", help=tr("create a new participation database (GeoPackage or PostGIS)"))
    create.add_argument(
        "path",
        metavar="DB",
        help=tr(
            "the GeoPackage file or PostgreSQL database (postgresql://…?schema=mitmach, service=…) to create"
        ),
    )
    create.add_argument(
        "--crs", default="EPSG:25832", help=tr("projected CRS in metres (default EPSG:25832)")
    )
    create.add_argument("--area", metavar="AREA_FILE", help=tr("polygon layer with the participation area"))
    create.add_argument(
        "--overwrite", action="store_true", help=tr("replace an existing file or MitMach schema")
    )
    create.add_argument(
        "--roles",
        action="store_true",
        help=tr(
            "PostgreSQL: also set up the roles mitmach_officer, mitmach_planner and mitmach_public (needs CREATEROLE)"
        ),
    )
    create.set_defaults(func=cmd_create)

    roles = sub.add_parser(
        "roles", help=tr("PostgreSQL: set up or renew the MitMach roles and their grants (needs CREATEROLE)")
    )
    roles.add_argument("db", metavar="DB", help=tr("the participation database"))
    roles.set_defaults(func=cmd_roles)

    mig = sub.add_parser(
        "migrate", help=tr("copy a whole participation database: GeoPackage to PostGIS and back, verified")
    )
    mig.add_argument("source", metavar="SRC", help=tr("the participation database to copy (only read)"))
    mig.add_argument("destination", metavar="DST", help=tr("the new GeoPackage file or PostgreSQL database"))
    mig.add_argument(
        "--overwrite",
        action="store_true",
        help=tr("replace an existing destination (only when the copy succeeds)"),
    )
    mig.set_defaults(func=cmd_migrate)

    imp = sub.add_parser("import", help=tr("import online submissions (CSV or GeoJSON)"))
    imp.add_argument("db", metavar="DB", help=tr("the participation database"))
    imp.add_argument("file", metavar="FILE", help=tr("CSV (UTF-8, , or ;) or GeoJSON of the online form"))
    imp.add_argument(
        "--report", metavar="REPORT.csv", help=tr("write the skipped rows and their reasons here")
    )
    imp.add_argument("--geocoder", metavar="URL", help=tr("Nominatim-compatible search URL for addresses"))
    imp.set_defaults(func=cmd_import)

    mat = sub.add_parser("match", help=tr("ranked compatible proposals, or all compatible pairs"))
    mat.add_argument("db", metavar="DB", help=tr("the participation database"))
    mat.add_argument("--proposal", metavar="UUID", help=tr("rank the candidates of this proposal"))
    mat.add_argument("--limit", type=int, default=10, help=tr("number of candidates (default 10)"))
    mat.add_argument("--json", action="store_true", help=tr("print JSON"))
    mat.add_argument("--language", choices=("de", "en"), default="de", help=tr("language of the reasons"))
    mat.add_argument("--all", action="store_true", help=tr("every compatible pair of the database"))
    mat.add_argument("--output", metavar="PAIRS.gpkg|PAIRS.csv", help=tr("where --all writes the pairs"))
    mat.set_defaults(func=cmd_match)

    exp = sub.add_parser("export", help=tr("the anonymised public map: PDF, PNG, SVG, web map"))
    exp.add_argument("db", metavar="DB", help=tr("the participation database"))
    exp.add_argument("--out", required=True, metavar="DIR", help=tr("output folder"))
    exp.add_argument("--formats", default="pdf,png", help=tr("comma-separated: pdf, png, svg, web"))
    exp.add_argument("--atlas", action="store_true", help=tr("also a per-theme atlas (one page per theme)"))
    exp.add_argument("--hex-size", type=float, help=tr("hexagon size in metres (default: the database's)"))
    exp.add_argument(
        "--k", type=int, help=tr("minimum participants per published cell (default: the database's)")
    )
    exp.add_argument("--title", help=tr("title of the map"))
    exp.add_argument("--lang", choices=("de", "en"), default="de", help=tr("language of the map"))
    exp.add_argument("--dpi", type=int, default=150, help=tr("resolution of PNG output"))
    exp.add_argument(
        "--clusters", metavar="CLUSTERS.gpkg", help=tr("cluster areas to publish (from 'cluster')")
    )
    exp.set_defaults(func=cmd_export)

    from .core.themes import SYNERGY_CODES

    clu = sub.add_parser("cluster", help=tr("synergy clusters and heat-network candidates"))
    clu.add_argument("db", metavar="DB", help=tr("the participation database"))
    clu.add_argument("--synergy", choices=SYNERGY_CODES, default="local_heat_network", help=tr("the synergy"))
    clu.add_argument("--eps", type=float, default=125.0, help=tr("maximum distance between neighbours (m)"))
    clu.add_argument(
        "--min-points", type=int, default=3, help=tr("minimum number of proposals of a core point")
    )
    clu.add_argument(
        "--year-tolerance", type=int, default=-1, help=tr("planned years at most this far apart (-1: off)")
    )
    clu.add_argument("--buildings", help=tr("building layer with the heat demand"))
    clu.add_argument("--demand-field", help=tr("heat demand field of the buildings (MWh/a)"))
    clu.add_argument("--demand-scope", choices=("members", "area"), default="members",
                     help=tr("count the proposals' buildings only, or all buildings in the cluster area"))  # fmt: skip
    clu.add_argument("--streets", help=tr("street layer: trench along the streets"))
    clu.add_argument("--report", metavar="REPORT.html", help=tr("write the cluster report (HTML and CSV)"))
    clu.add_argument("--output", required=True, metavar="CLUSTERS.gpkg", help=tr("the GeoPackage to write"))
    clu.set_defaults(func=cmd_cluster)

    forget = sub.add_parser(
        "forget", help=tr("erase a participant's personal data from the database (right to erasure)")
    )
    forget.add_argument("db", metavar="DB", help=tr("the participation database"))
    forget.add_argument("participant", metavar="PARTICIPANT_UUID", help=tr("the uuid of the participant"))
    forget.add_argument("--user", help=tr("officer's name for the audit log (default: the login name)"))
    forget.set_defaults(func=cmd_forget)

    purge = sub.add_parser("purge", help=tr("apply the retention rules of the database"))
    purge.add_argument("db", metavar="DB", help=tr("the participation database"))
    purge.add_argument("--dry-run", action="store_true", help=tr("only count what is due; change nothing"))
    purge.add_argument("--user", help=tr("officer's name for the audit log (default: the login name)"))
    purge.set_defaults(func=cmd_purge)

    demo = sub.add_parser("demo", help=tr("build the demo participation database and its outputs"))
    demo.add_argument("outdir", metavar="OUTDIR", help=tr("output folder (created if missing)"))
    demo.add_argument("--seed", type=int, default=2026, help=tr("random seed of the synthetic town"))
    demo.add_argument("--participants", type=int, default=300, help=tr("number of participants"))
    demo.add_argument(
        "--language", choices=("de", "en"), default="de", help=tr("language of styles and forms")
    )
    demo.add_argument(
        "--database",
        metavar="DB",
        help=tr(
            "where the demo database goes: a GeoPackage file or a PostgreSQL database (default: OUTDIR/mitmach-demo.gpkg)"
        ),
    )
    demo.add_argument(
        "--overwrite", action="store_true", help=tr("replace an existing MitMach schema on PostgreSQL")
    )
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
