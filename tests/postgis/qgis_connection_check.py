"""Run by test_qgis_connection.py in a fresh process with QGIS: save a PostgreSQL connection whose login is
in QGIS's authentication database (authcfg), open a PostgisStore by the connection's name, and print what
the test checks. argv: host port dbname user password profile_dir."""

from __future__ import annotations

import json
import logging
import sys

from qgis.core import QgsApplication, QgsAuthMethodConfig, QgsDataSourceUri, QgsProviderRegistry


def main() -> int:
    host, port, dbname, user, password, profile = sys.argv[1:7]
    app = QgsApplication([], False, profile)
    app.initQgis()
    stream = logging.StreamHandler(sys.stderr)
    logging.getLogger("mitmach_qgis").addHandler(stream)
    logging.getLogger("mitmach_qgis").setLevel(logging.DEBUG)
    auth = QgsApplication.authManager()
    assert auth.setMasterPassword("master-of-the-test", True), auth.disabledMessage()
    config = QgsAuthMethodConfig()
    config.setName("mitmach planner")
    config.setMethod("Basic")
    config.setConfig("username", user)
    config.setConfig("password", password)
    assert auth.storeAuthenticationConfig(config)
    uri = QgsDataSourceUri()
    uri.setConnection(host, port, dbname, "", "", QgsDataSourceUri.SslDisable, config.id())
    metadata = QgsProviderRegistry.instance().providerMetadata("postgres")
    metadata.saveConnection(metadata.createConnection(uri.uri(False), {}), "Council")

    from mitmach_qgis.data.errors import StoreError
    from mitmach_qgis.data.pg_store import PostgisStore

    store = PostgisStore.open("Council")
    out = {"label": store.label, "repr": repr(store), "themes": store.count("themes"),
           "saved_uri": metadata.connections()["Council"].uri()}  # fmt: skip
    from mitmach_qgis.data.stores import is_postgres, open_store, reopen_target

    pilot = open_store("Council schema=pilot")  # another schema through the same QGIS connection
    out.update(pilot_label=pilot.label, pilot_themes=pilot.count("themes"), pilot_is_postgres=is_postgres(
        "Council schema=pilot"), pilot_reopen=reopen_target(pilot), default_reopen=reopen_target(store))  # fmt: skip
    try:
        PostgisStore.open("No such connection")
    except StoreError as exc:
        out["missing"] = str(exc)
    print(json.dumps(out))
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
