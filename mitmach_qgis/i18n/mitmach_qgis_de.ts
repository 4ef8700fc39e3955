<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>@default</name>
    <message>
        <location filename="../cli.py" line="84" />
        <source>Cannot create the output folder {path}: {error}</source>
        <translation>Der Ausgabeordner {path} kann nicht angelegt werden: {error}</translation>
    </message>
    <message>
        <location filename="../cli.py" line="108" />
        <source>MitMach: neighbourhood energy-renovation participation, headless commands.</source>
        <translation>MitMach: Beteiligung an der energetischen Sanierung in der Nachbarschaft, Befehle ohne Oberfläche.</translation>
    </message>
    <message>
        <location filename="../cli.py" line="112" />
        <source>print debug messages</source>
        <translation>Debug-Meldungen ausgeben</translation>
    </message>
    <message>
        <location filename="../cli.py" line="123" />
        <source>build the demo participation database and its outputs</source>
        <translation>die Demo-Beteiligungsdatenbank und ihre Ergebnisse erzeugen</translation>
    </message>
    <message>
        <location filename="../cli.py" line="124" />
        <source>output folder (created if missing)</source>
        <translation>Ausgabeordner (wird bei Bedarf angelegt)</translation>
    </message>
    <message>
        <location filename="../cli.py" line="145" />
        <source>Error: {message}</source>
        <translation>Fehler: {message}</translation>
    </message>
    <message>
        <location filename="../data/errors.py" line="19" />
        <source>The file {path} does not exist.</source>
        <translation>Die Datei {path} gibt es nicht.</translation>
    </message>
    <message>
        <location filename="../cli.py" line="70" />
        <source>Created participation database {path}</source>
        <translation>Beteiligungsdatenbank {path} angelegt</translation>
    </message>
    <message>
        <location filename="../cli.py" line="94" />
        <source>Demo database {path}: {participants} participants, {proposals} proposals, {buildings} buildings.</source>
        <translation>Demo-Datenbank {path}: {participants} Teilnehmende, {proposals} Vorschläge, {buildings} Gebäude.</translation>
    </message>
    <message>
        <location filename="../cli.py" line="114" />
        <source>create a new participation database (GeoPackage)</source>
        <translation>eine neue Beteiligungsdatenbank (GeoPackage) anlegen</translation>
    </message>
    <message>
        <location filename="../cli.py" line="115" />
        <source>the GeoPackage to create</source>
        <translation>das anzulegende GeoPackage</translation>
    </message>
    <message>
        <location filename="../cli.py" line="116" />
        <source>projected CRS in metres (default EPSG:25832)</source>
        <translation>projiziertes Koordinatenbezugssystem in Metern (Standard EPSG:25832)</translation>
    </message>
    <message>
        <location filename="../cli.py" line="119" />
        <source>polygon layer with the participation area</source>
        <translation>Polygonlayer mit dem Beteiligungsgebiet</translation>
    </message>
    <message>
        <location filename="../cli.py" line="120" />
        <source>replace an existing file</source>
        <translation>eine vorhandene Datei ersetzen</translation>
    </message>
    <message>
        <location filename="../cli.py" line="125" />
        <source>random seed of the synthetic town</source>
        <translation>Zufallsstartwert der künstlichen Stadt</translation>
    </message>
    <message>
        <location filename="../cli.py" line="126" />
        <source>number of participants</source>
        <translation>Anzahl der Teilnehmenden</translation>
    </message>
    <message>
        <location filename="../cli.py" line="127" />
        <source>language of styles and forms</source>
        <translation>Sprache der Stile und Formulare</translation>
    </message>
    <message>
        <location filename="../data/area.py" line="25" />
        <source>The area layer {path} cannot be read.</source>
        <translation>Der Gebietslayer {path} kann nicht gelesen werden.</translation>
    </message>
    <message>
        <location filename="../data/area.py" line="64" />
        <source>The area layer {path} has no polygons.</source>
        <translation>Der Gebietslayer {path} enthält keine Polygone.</translation>
    </message>
    <message>
        <location filename="../data/area.py" line="36" />
        <source>The area layer {path} has no coordinate reference system.</source>
        <translation>Der Gebietslayer {path} hat kein Koordinatenbezugssystem.</translation>
    </message>
    <message>
        <location filename="../data/area.py" line="57" />
        <source>Area {n}</source>
        <translation>Gebiet {n}</translation>
    </message>
    <message>
        <location filename="../data/area.py" line="81" />
        <source>The area layer {path} does not lie where the database's coordinate system is valid: check the layer's coordinate reference system.</source>
        <translation>Der Gebietslayer {path} liegt nicht dort, wo das Koordinatensystem der Datenbank gilt: Prüfen Sie das Koordinatenbezugssystem des Layers.</translation>
    </message>
    <message>
        <location filename="../data/errors.py" line="23" />
        <source>{path} is not a GeoPackage.</source>
        <translation>{path} ist kein GeoPackage.</translation>
    </message>
    <message>
        <location filename="../data/errors.py" line="27" />
        <source>{path} is empty (0 bytes): it is not a GeoPackage.</source>
        <translation>{path} ist leer (0 Byte) und daher kein GeoPackage.</translation>
    </message>
    <message>
        <location filename="../data/errors.py" line="31" />
        <source>{path} is damaged (SQLite integrity check failed); MitMach will not write to it.</source>
        <translation>{path} ist beschädigt (SQLite-Integritätsprüfung fehlgeschlagen); MitMach schreibt nicht hinein.</translation>
    </message>
    <message>
        <location filename="../data/errors.py" line="69" />
        <source>Details: {detail}</source>
        <translation>Details: {detail}</translation>
    </message>
    <message>
        <location filename="../data/errors.py" line="40" />
        <source>{path} is a GeoPackage but not a MitMach participation database (the MitMach tables are missing).</source>
        <translation>{path} ist ein GeoPackage, aber keine MitMach-Beteiligungsdatenbank (die MitMach-Tabellen fehlen).</translation>
    </message>
    <message>
        <location filename="../data/errors.py" line="48" />
        <source>{path} was made by a newer MitMach (schema version {found}; this version supports up to {supported}). Update the plugin to open it.</source>
        <translation>{path} wurde mit einem neueren MitMach erstellt (Schemaversion {found}; diese Version unterstützt bis {supported}). Aktualisieren Sie das Plugin, um die Datei zu öffnen.</translation>
    </message>
    <message>
        <location filename="../data/errors.py" line="58" />
        <source>{path} is in use by another program (the database is locked). Try again in a moment.</source>
        <translation>{path} wird gerade von einem anderen Programm benutzt (die Datenbank ist gesperrt). Versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <location filename="../data/errors.py" line="67" />
        <source>Cannot write {path}: the file or its folder is read-only.</source>
        <translation>{path} kann nicht geschrieben werden: Die Datei oder ihr Ordner ist schreibgeschützt.</translation>
    </message>
    <message>
        <location filename="../data/errors.py" line="74" />
        <source>{path} exists already; choose another name or allow overwriting.</source>
        <translation>{path} gibt es schon; wählen Sie einen anderen Namen oder erlauben Sie das Überschreiben.</translation>
    </message>
    <message>
        <location filename="../data/errors.py" line="80" />
        <source>{crs} is not a projected coordinate system in metres; MitMach measures distances in metres.</source>
        <translation>{crs} ist kein projiziertes Koordinatensystem in Metern; MitMach misst Abstände in Metern.</translation>
    </message>
    <message>
        <location filename="../data/gpkg_store.py" line="89" />
        <source>This change of status is not allowed (see the status workflow).</source>
        <translation>Dieser Statuswechsel ist nicht erlaubt (siehe Status-Ablauf).</translation>
    </message>
    <message>
        <location filename="../data/gpkg_store.py" line="91" />
        <source>The audit log cannot be changed.</source>
        <translation>Das Protokoll kann nicht geändert werden.</translation>
    </message>
    <message>
        <location filename="../data/gpkg_store.py" line="93" />
        <source>The change breaks a rule of the database and was not saved: {detail}</source>
        <translation>Die Änderung verletzt eine Regel der Datenbank und wurde nicht gespeichert: {detail}</translation>
    </message>
</context>
<context>
    <name>CreateDatabaseAlgorithm</name>
    <message>
        <location filename="../processing_provider/create_database.py" line="37" />
        <source>Create participation database</source>
        <translation>Beteiligungsdatenbank anlegen</translation>
    </message>
    <message>
        <location filename="../processing_provider/create_database.py" line="40" />
        <source>Database</source>
        <translation>Datenbank</translation>
    </message>
    <message>
        <location filename="../processing_provider/create_database.py" line="46" />
        <source>Creates a MitMach participation database: a GeoPackage with the tables for participants, proposals, themes, matches, participation areas, an address gazetteer and the audit log, the built-in theme catalogue, default styles and forms, and a QGIS project stored inside the file.

The coordinate system must be projected and in metres (default ETRS89 / UTM 32N, EPSG:25832). An optional polygon layer becomes the participation area.</source>
        <translation>Legt eine MitMach-Beteiligungsdatenbank an: ein GeoPackage mit den Tabellen für Teilnehmende, Vorschläge, Themen, Gruppen, Beteiligungsgebiete, ein Adressverzeichnis und das Protokoll, dem eingebauten Themenkatalog, Standardstilen und Formularen sowie einem in der Datei gespeicherten QGIS-Projekt.

Das Koordinatensystem muss projiziert sein und in Metern messen (Standard ETRS89 / UTM 32N, EPSG:25832). Ein optionaler Polygonlayer wird zum Beteiligungsgebiet.</translation>
    </message>
    <message>
        <location filename="../processing_provider/create_database.py" line="55" />
        <source>Participation database</source>
        <translation>Beteiligungsdatenbank</translation>
    </message>
    <message>
        <location filename="../processing_provider/create_database.py" line="55" />
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../processing_provider/create_database.py" line="60" />
        <source>Coordinate reference system</source>
        <translation>Koordinatenbezugssystem</translation>
    </message>
    <message>
        <location filename="../processing_provider/create_database.py" line="65" />
        <source>Participation area</source>
        <translation>Beteiligungsgebiet</translation>
    </message>
    <message>
        <location filename="../processing_provider/create_database.py" line="70" />
        <source>Overwrite an existing file</source>
        <translation>Eine vorhandene Datei überschreiben</translation>
    </message>
    <message>
        <location filename="../processing_provider/create_database.py" line="95" />
        <source>Created {path}</source>
        <translation>{path} angelegt</translation>
    </message>
</context>
<context>
    <name>DatabaseController</name>
    <message>
        <location filename="../gui/database_controller.py" line="46" />
        <source>Open participation database</source>
        <translation>Beteiligungsdatenbank öffnen</translation>
    </message>
    <message>
        <location filename="../gui/database_controller.py" line="46" />
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../gui/database_controller.py" line="60" />
        <source>New participation database</source>
        <translation>Neue Beteiligungsdatenbank</translation>
    </message>
    <message>
        <location filename="../gui/database_controller.py" line="60" />
        <source>{path} exists already. Replace it with a new, empty participation database?</source>
        <translation>{path} gibt es schon. Durch eine neue, leere Beteiligungsdatenbank ersetzen?</translation>
    </message>
    <message>
        <location filename="../gui/database_controller.py" line="98" />
        <source>The database was upgraded to the current version; the old version is kept as {backup}.</source>
        <translation>Die Datenbank wurde auf die aktuelle Version gebracht; die alte Version ist als {backup} gesichert.</translation>
    </message>
    <message>
        <location filename="../gui/database_controller.py" line="105" />
        <source>This database is on a network drive. Turn off QGIS's WAL mode for SQLite files (Settings ▸ Options ▸ Data Sources) on every computer that edits it, or edits can be lost.</source>
        <translation>Diese Datenbank liegt auf einem Netzlaufwerk. Schalten Sie den WAL-Modus für SQLite-Dateien in QGIS (Einstellungen ▸ Optionen ▸ Datenquellen) auf jedem Rechner aus, der sie bearbeitet, sonst können Änderungen verloren gehen.</translation>
    </message>
    <message>
        <location filename="../gui/database_controller.py" line="129" />
        <source>MitMach</source>
        <translation>MitMach</translation>
    </message>
</context>
<context>
    <name>MitMachLayers</name>
    <message>
        <location filename="../data/layers.py" line="86" />
        <source>Proposals</source>
        <translation>Vorschläge</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="87" />
        <source>Participants</source>
        <translation>Teilnehmende</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="88" />
        <source>Match groups</source>
        <translation>Gruppen</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="89" />
        <source>Match group members</source>
        <translation>Gruppenmitglieder</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="90" />
        <source>Participation areas</source>
        <translation>Beteiligungsgebiete</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="91" />
        <source>Addresses</source>
        <translation>Adressen</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="92" />
        <source>Themes</source>
        <translation>Themen</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="93" />
        <source>Theme compatibility</source>
        <translation>Themen-Kompatibilität</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="94" />
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="95" />
        <source>Streets</source>
        <translation>Straßen</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="96" />
        <source>Buildings</source>
        <translation>Gebäude</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="100" />
        <source>Feature ID</source>
        <translation>Objekt-ID</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="101" />
        <source>UUID</source>
        <translation>UUID</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="103" />
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="104" />
        <source>Label (German)</source>
        <translation>Bezeichnung (Deutsch)</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="105" />
        <source>Label (English)</source>
        <translation>Bezeichnung (Englisch)</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="106" />
        <source>Colour</source>
        <translation>Farbe</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="107" />
        <source>Description (German)</source>
        <translation>Beschreibung (Deutsch)</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="108" />
        <source>Description (English)</source>
        <translation>Beschreibung (Englisch)</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="109" />
        <source>Sort order</source>
        <translation>Reihenfolge</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="191" />
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="111" />
        <source>Theme A</source>
        <translation>Thema A</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="112" />
        <source>Theme B</source>
        <translation>Thema B</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="113" />
        <source>Weight</source>
        <translation>Gewicht</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="114" />
        <source>Maximum distance (m)</source>
        <translation>Höchstabstand (m)</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="115" />
        <source>Synergy</source>
        <translation>Synergie</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="116" />
        <source>Year tolerance</source>
        <translation>Toleranz (Jahre)</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="117" />
        <source>Same building only</source>
        <translation>Nur im selben Gebäude</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="118" />
        <source>Role pair</source>
        <translation>Rollenpaar</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="120" />
        <source>Given name</source>
        <translation>Vorname</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="121" />
        <source>Family name</source>
        <translation>Familienname</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="208" />
        <source>Street</source>
        <translation>Straße</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="123" />
        <source>House number</source>
        <translation>Hausnummer</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="124" />
        <source>Postcode</source>
        <translation>Postleitzahl</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="125" />
        <source>City</source>
        <translation>Ort</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="126" />
        <source>E-mail</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="127" />
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="128" />
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="129" />
        <source>Consents to contact exchange</source>
        <translation>Einverstanden mit Kontaktaustausch</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="130" />
        <source>Date of consent to contact exchange</source>
        <translation>Datum der Einwilligung in den Kontaktaustausch</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="131" />
        <source>Consents to the public map</source>
        <translation>Einverstanden mit öffentlicher Karte</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="132" />
        <source>Date of consent to the public map</source>
        <translation>Datum der Einwilligung in die öffentliche Karte</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="134" />
        <source>Created at</source>
        <translation>Angelegt am</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="135" />
        <source>Changed at</source>
        <translation>Geändert am</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="136" />
        <source>Created by</source>
        <translation>Angelegt von</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="137" />
        <source>Changed by</source>
        <translation>Geändert von</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="138" />
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="140" />
        <source>Participant</source>
        <translation>Teilnehmende Person</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="141" />
        <source>Theme</source>
        <translation>Thema</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="142" />
        <source>Planned from (year)</source>
        <translation>Geplant ab (Jahr)</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="143" />
        <source>Planned until (year)</source>
        <translation>Geplant bis (Jahr)</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="144" />
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="145" />
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="146" />
        <source>Reason for rejection</source>
        <translation>Ablehnungsgrund</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="147" />
        <source>Officer</source>
        <translation>Sachbearbeitung</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="148" />
        <source>Officer's notes</source>
        <translation>Notizen der Sachbearbeitung</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="149" />
        <source>Advice</source>
        <translation>Beratung</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="150" />
        <source>Location source</source>
        <translation>Herkunft der Lage</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="151" />
        <source>Location quality</source>
        <translation>Lagegenauigkeit</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="152" />
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="153" />
        <source>Building reference</source>
        <translation>Gebäudereferenz</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="154" />
        <source>In the participation area</source>
        <translation>Im Beteiligungsgebiet</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="156" />
        <source>Notes</source>
        <translation>Notizen</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="157" />
        <source>Match group</source>
        <translation>Gruppe</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="158" />
        <source>Proposal</source>
        <translation>Vorschlag</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="159" />
        <source>Contact details exchanged</source>
        <translation>Kontaktdaten ausgetauscht</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="161" />
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="162" />
        <source>Street key</source>
        <translation>Straßenschlüssel</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="163" />
        <source>Building type</source>
        <translation>Gebäudetyp</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="164" />
        <source>Dwellings</source>
        <translation>Wohnungen</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="165" />
        <source>Heated floor area (m²)</source>
        <translation>Beheizte Fläche (m²)</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="166" />
        <source>Year built</source>
        <translation>Baujahr</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="167" />
        <source>Specific heat demand (kWh/m²·a)</source>
        <translation>Spezifischer Wärmebedarf (kWh/m²·a)</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="168" />
        <source>Heat demand (MWh/a)</source>
        <translation>Wärmebedarf (MWh/a)</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="170" />
        <source>Time</source>
        <translation>Zeitpunkt</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="171" />
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="172" />
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="173" />
        <source>Table</source>
        <translation>Tabelle</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="174" />
        <source>Record UUID</source>
        <translation>UUID des Datensatzes</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="175" />
        <source>Changed fields</source>
        <translation>Geänderte Felder</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="176" />
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="178" />
        <source>Street name</source>
        <translation>Straßenname</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="181" />
        <source>Submitted</source>
        <translation>Eingereicht</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="182" />
        <source>Checked</source>
        <translation>Geprüft</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="183" />
        <source>Rejected</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="184" />
        <source>Matched</source>
        <translation>Zugeordnet</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="192" />
        <source>Implemented</source>
        <translation>Umgesetzt</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="186" />
        <source>Withdrawn</source>
        <translation>Zurückgezogen</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="189" />
        <source>Proposed</source>
        <translation>Vorgeschlagen</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="190" />
        <source>Contacted</source>
        <translation>Kontaktiert</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="193" />
        <source>Closed</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="196" />
        <source>Owner</source>
        <translation>Eigentümer/in</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="197" />
        <source>Tenant</source>
        <translation>Mieter/in</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="198" />
        <source>Other</source>
        <translation>Sonstige</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="201" />
        <source>Geocoded from the address</source>
        <translation>Aus der Adresse ermittelt</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="202" />
        <source>Clicked on the map</source>
        <translation>In der Karte geklickt</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="203" />
        <source>Imported</source>
        <translation>Importiert</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="204" />
        <source>Moved on the map</source>
        <translation>In der Karte verschoben</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="207" />
        <source>House address</source>
        <translation>Hausadresse</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="209" />
        <source>Postcode area</source>
        <translation>Postleitzahlgebiet</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="210" />
        <source>Set by hand</source>
        <translation>Von Hand gesetzt</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="211" />
        <source>Unknown</source>
        <translation>Unbekannt</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="214" />
        <source>Entered by the officer</source>
        <translation>Von der Sachbearbeitung erfasst</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="215" />
        <source>Online form</source>
        <translation>Online-Formular</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="225" />
        <source>Import</source>
        <translation>Import</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="219" />
        <source>Added</source>
        <translation>Hinzugefügt</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="220" />
        <source>Changed</source>
        <translation>Geändert</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="221" />
        <source>Deleted</source>
        <translation>Gelöscht</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="222" />
        <source>Schema upgraded</source>
        <translation>Schema aktualisiert</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="223" />
        <source>Backup</source>
        <translation>Sicherung</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="224" />
        <source>Personal data erased</source>
        <translation>Personenbezogene Daten gelöscht</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="226" />
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="228" />
        <source>Owner and tenant</source>
        <translation>Eigentümer/in und Mieter/in</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="244" />
        <source>The end year must lie between 2000 and 2100, not before the start year and at most 30 years after it.</source>
        <translation>Das Endjahr muss zwischen 2000 und 2100 liegen, nicht vor dem Anfangsjahr und höchstens 30 Jahre danach.</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="245" />
        <source>A code starts with a letter and has lower-case letters, digits and underscores only.</source>
        <translation>Ein Code beginnt mit einem Buchstaben und enthält nur Kleinbuchstaben, Ziffern und Unterstriche.</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="246" />
        <source>The style of the layer “{table}” cannot be saved in {path}: {detail}</source>
        <translation>Der Stil des Layers „{table}“ kann nicht in {path} gespeichert werden: {detail}</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="252" />
        <source>Enter the family name.</source>
        <translation>Geben Sie den Familiennamen ein.</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="256" />
        <source>Choose the role: owner, tenant or other.</source>
        <translation>Wählen Sie die Rolle: Eigentümer/in, Mieter/in oder Sonstige.</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="260" />
        <source>Enter a valid e-mail address, e.g. name@example.org.</source>
        <translation>Geben Sie eine gültige E-Mail-Adresse ein, z. B. name@example.org.</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="301" />
        <source>A German postcode has exactly five digits.</source>
        <translation>Eine deutsche Postleitzahl hat genau fünf Ziffern.</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="268" />
        <source>Enter the date on which the consent to contact exchange was given.</source>
        <translation>Geben Sie das Datum der Einwilligung in den Kontaktaustausch ein.</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="274" />
        <source>Enter the date on which the consent to the public map was given.</source>
        <translation>Geben Sie das Datum der Einwilligung in die öffentliche Karte ein.</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="280" />
        <source>Choose a theme.</source>
        <translation>Wählen Sie ein Thema.</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="300" />
        <source>Choose a status.</source>
        <translation>Wählen Sie einen Status.</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="282" />
        <source>The planned year must lie between 2000 and 2100.</source>
        <translation>Das geplante Jahr muss zwischen 2000 und 2100 liegen.</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="292" />
        <source>A rejected proposal needs a reason for the rejection.</source>
        <translation>Ein abgelehnter Vorschlag braucht einen Ablehnungsgrund.</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="296" />
        <source>Choose a synergy.</source>
        <translation>Wählen Sie eine Synergie.</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="309" />
        <source>Write the colour as #rrggbb.</source>
        <translation>Geben Sie die Farbe als #rrggbb an.</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="313" />
        <source>The weight lies between 0 and 1.</source>
        <translation>Das Gewicht liegt zwischen 0 und 1.</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="317" />
        <source>The maximum distance must be more than 0 m.</source>
        <translation>Der Höchstabstand muss größer als 0 m sein.</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="333" />
        <source>Proposals of the participant</source>
        <translation>Vorschläge der teilnehmenden Person</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="333" />
        <source>Proposals in the match group</source>
        <translation>Vorschläge der Gruppe</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="333" />
        <source>Match groups of the proposal</source>
        <translation>Gruppen des Vorschlags</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="826" />
        <source>QGIS gives no reason; the table may be missing or damaged.</source>
        <translation>QGIS nennt keinen Grund; die Tabelle fehlt vielleicht oder ist beschädigt.</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="830" />
        <source>The layer “{table}” of {path} cannot be opened: {detail}</source>
        <translation>Der Layer „{table}“ aus {path} kann nicht geöffnet werden: {detail}</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="926" />
        <source>MitMach default style</source>
        <translation>MitMach-Standardstil</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="958" />
        <source>The QGIS project cannot be saved in {path}: {detail}</source>
        <translation>Das QGIS-Projekt kann nicht in {path} gespeichert werden: {detail}</translation>
    </message>
</context>
<context>
    <name>MitMachPlugin</name>
    <message>
        <location filename="../plugin.py" line="58" />
        <source>&amp;MitMach</source>
        <translation>&amp;MitMach</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="68" />
        <source>MitMach</source>
        <translation>MitMach</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="83" />
        <source>MitMach help</source>
        <translation>MitMach-Hilfe</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="83" />
        <source>Open the MitMach documentation in the web browser</source>
        <translation>Die MitMach-Dokumentation im Webbrowser öffnen</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="74" />
        <source>New participation database…</source>
        <translation>Neue Beteiligungsdatenbank…</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="74" />
        <source>Create a GeoPackage with every MitMach table, styles and forms</source>
        <translation>Ein GeoPackage mit allen MitMach-Tabellen, Stilen und Formularen anlegen</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="78" />
        <source>Open participation database…</source>
        <translation>Beteiligungsdatenbank öffnen…</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="78" />
        <source>Add the layers of a participation database to the project</source>
        <translation>Die Layer einer Beteiligungsdatenbank zum Projekt hinzufügen</translation>
    </message>
</context>
<context>
    <name>MitMachProvider</name>
    <message>
        <location filename="../processing_provider/provider.py" line="30" />
        <source>MitMach</source>
        <translation>MitMach</translation>
    </message>
    <message>
        <location filename="../processing_provider/provider.py" line="33" />
        <source>MitMach – neighbourhood energy-renovation participation</source>
        <translation>MitMach – Beteiligung an der energetischen Sanierung in der Nachbarschaft</translation>
    </message>
</context>
<context>
    <name>NewDatabaseDialog</name>
    <message>
        <location filename="../gui/new_database_dialog.py" line="23" />
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../ui/new_database_dialog.ui" line="9" />
        <source>New participation database</source>
        <translation>Neue Beteiligungsdatenbank</translation>
    </message>
    <message>
        <location filename="../gui/new_database_dialog.py" line="54" />
        <source>Choose where to save the GeoPackage.</source>
        <translation>Wählen Sie, wo das GeoPackage gespeichert werden soll.</translation>
    </message>
    <message>
        <location filename="../gui/new_database_dialog.py" line="56" />
        <source>The folder {folder} does not exist.</source>
        <translation>Den Ordner {folder} gibt es nicht.</translation>
    </message>
    <message>
        <location filename="../gui/new_database_dialog.py" line="59" />
        <source>Choose a projected coordinate system in metres, e.g. EPSG:25832.</source>
        <translation>Wählen Sie ein projiziertes Koordinatensystem in Metern, z. B. EPSG:25832.</translation>
    </message>
    <message>
        <location filename="../ui/new_database_dialog.ui" line="15" />
        <source>A GeoPackage with every table, the theme catalogue, styles and forms. Keep it on the shared drive the officers use.</source>
        <translation>Ein GeoPackage mit allen Tabellen, dem Themenkatalog, Stilen und Formularen. Legen Sie es auf das gemeinsame Laufwerk der Sachbearbeitung.</translation>
    </message>
    <message>
        <location filename="../ui/new_database_dialog.ui" line="23" />
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <location filename="../ui/new_database_dialog.ui" line="29" />
        <source>Coordinate reference system</source>
        <translation>Koordinatenbezugssystem</translation>
    </message>
    <message>
        <location filename="../ui/new_database_dialog.ui" line="35" />
        <source>Participation area (optional)</source>
        <translation>Beteiligungsgebiet (optional)</translation>
    </message>
</context>
</TS>