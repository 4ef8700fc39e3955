"""QGIS's network settings for the plugin's own HTTP client (requests): proxy and coordinate transform.

QGIS 3.22 keeps its proxy in QgsSettings under ``proxy/``: ``proxyEnabled``, ``proxyType``
(``DefaultProxy`` = the system's, ``Socks5Proxy``, ``HttpProxy``, ``HttpCachingProxy``,
``FtpCachingProxy``), ``proxyHost``, ``proxyPort``, ``proxyUser``, ``proxyPassword``, ``authcfg`` (an
authentication configuration holding the credentials), ``noProxyUrls`` (URL prefixes reached without a
proxy) and the older ``proxyExcludedUrls`` (URL prefixes QGIS sends to the system proxy instead).
The proxy password is never logged.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from urllib.parse import quote, urlsplit

from qgis.core import (
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCoordinateTransformContext,
    QgsPointXY,
    QgsSettings,
)

from ..core.geocoding import proxies_description

LOG = logging.getLogger("mitmach_qgis.network")
WGS84 = "EPSG:4326"
_SCHEMES = {"HttpProxy": "http", "HttpCachingProxy": "http", "Socks5Proxy": "socks5h"}


def _list(value) -> list[str]:
    """A QgsSettings list value: a QStringList, a "|"-separated string (older QGIS) or nothing."""
    if value is None:
        return []
    if isinstance(value, str):
        items = value.split("|")
    else:
        try:
            items = [str(v) for v in value]
        except TypeError:
            items = [str(value)]
    return [item.strip() for item in items if item and item.strip()]


def _hosts(urls: list[str]) -> list[str]:
    """The host names of URL prefixes ("https://intranet.example/x" → "intranet.example")."""
    hosts: list[str] = []
    for url in urls:
        host = urlsplit(url).hostname if "://" in url else url.split("/")[0].split(":")[0]
        host = (host or "").strip().lower()
        if host and host not in hosts:
            hosts.append(host)
    return hosts


def _auth_credentials(authcfg: str) -> tuple[str, str]:
    """User and password of the proxy's authentication configuration, as QGIS applies them itself."""
    try:
        from qgis.PyQt.QtNetwork import QNetworkProxy

        manager = QgsApplication.authManager()
        if manager is None:
            return "", ""
        ok, proxy = manager.updateNetworkProxy(QNetworkProxy(), authcfg)
        return (proxy.user(), proxy.password()) if ok else ("", "")
    except Exception as exc:  # noqa: BLE001 - no auth system: use the plain settings
        LOG.warning("proxy authentication configuration not read: %s", type(exc).__name__)
        return "", ""


def requests_proxies_from_qgis(settings: QgsSettings | None = None) -> dict | None:
    """``proxies`` for requests from QGIS's proxy settings, or None to use the system's (requests reads
    the environment and, on Windows, the registry) — for ``DefaultProxy`` and when no proxy is enabled.

    The mapping has ``http`` and ``https`` and, when QGIS lists URLs to reach without the proxy, a
    ``no_proxy`` entry of their host names, comma-separated (requests' own spelling; the geocoder applies
    it). A SOCKS5 proxy becomes ``socks5h://…`` and needs PySocks.
    """
    settings = settings if settings is not None else QgsSettings()
    if not settings.value("proxy/proxyEnabled", False, type=bool):
        return None
    kind = str(settings.value("proxy/proxyType", "DefaultProxy") or "DefaultProxy")
    scheme = _SCHEMES.get(kind)
    host = str(settings.value("proxy/proxyHost", "") or "").strip()
    if scheme is None or not host:  # DefaultProxy (system), FtpCachingProxy (not for http) or no host
        return None
    port = str(settings.value("proxy/proxyPort", "") or "").strip()
    user = str(settings.value("proxy/proxyUser", "") or "")
    password = str(settings.value("proxy/proxyPassword", "") or "")
    authcfg = str(settings.value("proxy/authcfg", "") or "").strip()
    if authcfg:
        auth_user, auth_password = _auth_credentials(authcfg)
        if auth_user:
            user, password = auth_user, auth_password
    if ":" in host and not host.startswith("["):  # an IPv6 address
        host = f"[{host}]"
    credentials = ""
    if user:
        credentials = quote(user, safe="") + (":" + quote(password, safe="") if password else "") + "@"
    address = f"{scheme}://{credentials}{host}" + (f":{port}" if port.isdigit() and int(port) > 0 else "")
    proxies: dict = {"http": address, "https": address}
    excluded = _hosts(
        _list(settings.value("proxy/noProxyUrls", [])) + _list(settings.value("proxy/proxyExcludedUrls", []))
    )
    if excluded:
        proxies["no_proxy"] = ",".join(excluded)
    LOG.debug("proxy from QGIS settings: %s", proxies_description(proxies))
    return proxies


def to_db_crs_function(
    crs_authid: str, context: QgsCoordinateTransformContext | None = None
) -> Callable[[float, float], tuple[float, float]]:
    """(lon, lat) in WGS 84 → (x, y) in ``crs_authid``; raises QgsCsException for a point it cannot
    transform (the geocoder turns that into a message)."""
    target = QgsCoordinateReferenceSystem(crs_authid)
    if not target.isValid():
        raise ValueError(f"unknown coordinate reference system {crs_authid!r}")
    transform = QgsCoordinateTransform(
        QgsCoordinateReferenceSystem(WGS84), target, context or QgsCoordinateTransformContext()
    )

    def to_db_crs(lon: float, lat: float) -> tuple[float, float]:
        point = transform.transform(QgsPointXY(float(lon), float(lat)))
        x, y = point.x(), point.y()
        if not (math.isfinite(x) and math.isfinite(y)):
            raise ValueError("coordinate transform gave no finite point")
        return x, y

    return to_db_crs
