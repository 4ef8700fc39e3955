<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>@default</name>
    <message>
        <location filename="../cli.py" line="304"/>
        <source>Cannot create the output folder {path}: {error}</source>
        <translation>Der Ausgabeordner {path} kann nicht angelegt werden: {error}</translation>
    </message>
    <message>
        <location filename="../cli.py" line="354"/>
        <source>MitMach: neighbourhood energy-renovation participation, headless commands.</source>
        <translation>MitMach: Beteiligung an der energetischen Sanierung in der Nachbarschaft, Befehle ohne Oberfläche.</translation>
    </message>
    <message>
        <location filename="../cli.py" line="358"/>
        <source>print debug messages</source>
        <translation>Debug-Meldungen ausgeben</translation>
    </message>
    <message>
        <location filename="../cli.py" line="473"/>
        <source>build the demo participation database and its outputs</source>
        <translation>die Demo-Beteiligungsdatenbank und ihre Ergebnisse erzeugen</translation>
    </message>
    <message>
        <location filename="../cli.py" line="474"/>
        <source>output folder (created if missing)</source>
        <translation>Ausgabeordner (wird bei Bedarf angelegt)</translation>
    </message>
    <message>
        <location filename="../cli.py" line="505"/>
        <source>Error: {message}</source>
        <translation>Fehler: {message}</translation>
    </message>
    <message>
        <location filename="../data/errors.py" line="19"/>
        <source>The file {path} does not exist.</source>
        <translation>Die Datei {path} gibt es nicht.</translation>
    </message>
    <message>
        <location filename="../cli.py" line="118"/>
        <source>Created participation database {path}</source>
        <translation>Beteiligungsdatenbank {path} angelegt</translation>
    </message>
    <message>
        <location filename="../cli.py" line="333"/>
        <source>Demo database {path}: {participants} participants, {proposals} proposals, {buildings} buildings.</source>
        <translation>Demo-Datenbank {path}: {participants} Teilnehmende, {proposals} Vorschläge, {buildings} Gebäude.</translation>
    </message>
    <message>
        <location filename="../cli.py" line="368"/>
        <source>projected CRS in metres (default EPSG:25832)</source>
        <translation>projiziertes Koordinatenbezugssystem in Metern (Standard EPSG:25832)</translation>
    </message>
    <message>
        <location filename="../cli.py" line="371"/>
        <source>polygon layer with the participation area</source>
        <translation>Polygonlayer mit dem Beteiligungsgebiet</translation>
    </message>
    <message>
        <location filename="../cli.py" line="475"/>
        <source>random seed of the synthetic town</source>
        <translation>Zufallsstartwert der künstlichen Stadt</translation>
    </message>
    <message>
        <location filename="../cli.py" line="476"/>
        <source>number of participants</source>
        <translation>Anzahl der Teilnehmenden</translation>
    </message>
    <message>
        <location filename="../cli.py" line="477"/>
        <source>language of styles and forms</source>
        <translation>Sprache der Stile und Formulare</translation>
    </message>
    <message>
        <location filename="../data/area.py" line="25"/>
        <source>The area layer {path} cannot be read.</source>
        <translation>Der Gebietslayer {path} kann nicht gelesen werden.</translation>
    </message>
    <message>
        <location filename="../data/area.py" line="64"/>
        <source>The area layer {path} has no polygons.</source>
        <translation>Der Gebietslayer {path} enthält keine Polygone.</translation>
    </message>
    <message>
        <location filename="../data/area.py" line="36"/>
        <source>The area layer {path} has no coordinate reference system.</source>
        <translation>Der Gebietslayer {path} hat kein Koordinatenbezugssystem.</translation>
    </message>
    <message>
        <location filename="../data/area.py" line="57"/>
        <source>Area {n}</source>
        <translation>Gebiet {n}</translation>
    </message>
    <message>
        <location filename="../data/area.py" line="81"/>
        <source>The area layer {path} does not lie where the database&apos;s coordinate system is valid: check the layer&apos;s coordinate reference system.</source>
        <translation>Der Gebietslayer {path} liegt nicht dort, wo das Koordinatensystem der Datenbank gilt: Prüfen Sie das Koordinatenbezugssystem des Layers.</translation>
    </message>
    <message>
        <location filename="../data/errors.py" line="23"/>
        <source>{path} is not a GeoPackage.</source>
        <translation>{path} ist kein GeoPackage.</translation>
    </message>
    <message>
        <location filename="../data/errors.py" line="27"/>
        <source>{path} is empty (0 bytes): it is not a GeoPackage.</source>
        <translation>{path} ist leer (0 Byte) und daher kein GeoPackage.</translation>
    </message>
    <message>
        <location filename="../data/errors.py" line="31"/>
        <source>{path} is damaged (SQLite integrity check failed); MitMach will not write to it.</source>
        <translation>{path} ist beschädigt (SQLite-Integritätsprüfung fehlgeschlagen); MitMach schreibt nicht hinein.</translation>
    </message>
    <message>
        <location filename="../data/errors.py" line="83"/>
        <source>Details: {detail}</source>
        <translation>Details: {detail}</translation>
    </message>
    <message>
        <location filename="../data/errors.py" line="40"/>
        <source>{path} is a GeoPackage but not a MitMach participation database (the MitMach tables are missing).</source>
        <translation>{path} ist ein GeoPackage, aber keine MitMach-Beteiligungsdatenbank (die MitMach-Tabellen fehlen).</translation>
    </message>
    <message>
        <location filename="../data/errors.py" line="48"/>
        <source>{path} was made by a newer MitMach (schema version {found}; this version supports up to {supported}). Update the plugin to open it.</source>
        <translation>{path} wurde mit einem neueren MitMach erstellt (Schemaversion {found}; diese Version unterstützt bis {supported}). Aktualisieren Sie das Plugin, um die Datei zu öffnen.</translation>
    </message>
    <message>
        <location filename="../data/errors.py" line="58"/>
        <source>{path} is in use by another program (the database is locked). Try again in a moment.</source>
        <translation>{path} wird gerade von einem anderen Programm benutzt (die Datenbank ist gesperrt). Versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <location filename="../data/errors.py" line="81"/>
        <source>Cannot write {path}: the file or its folder is read-only.</source>
        <translation>{path} kann nicht geschrieben werden: Die Datei oder ihr Ordner ist schreibgeschützt.</translation>
    </message>
    <message>
        <location filename="../data/errors.py" line="92"/>
        <source>{path} exists already; choose another name or allow overwriting.</source>
        <translation>{path} gibt es schon; wählen Sie einen anderen Namen oder erlauben Sie das Überschreiben.</translation>
    </message>
    <message>
        <location filename="../data/errors.py" line="98"/>
        <source>{crs} is not a projected coordinate system in metres; MitMach measures distances in metres.</source>
        <translation>{crs} ist kein projiziertes Koordinatensystem in Metern; MitMach misst Abstände in Metern.</translation>
    </message>
    <message>
        <location filename="../data/pg_store.py" line="147"/>
        <source>This change of status is not allowed (see the status workflow).</source>
        <translation>Dieser Statuswechsel ist nicht erlaubt (siehe Status-Ablauf).</translation>
    </message>
    <message>
        <location filename="../data/pg_store.py" line="149"/>
        <source>The audit log cannot be changed.</source>
        <translation>Das Protokoll kann nicht geändert werden.</translation>
    </message>
    <message>
        <location filename="../data/pg_store.py" line="151"/>
        <source>The change breaks a rule of the database and was not saved: {detail}</source>
        <translation>Die Änderung verletzt eine Regel der Datenbank und wurde nicht gespeichert: {detail}</translation>
    </message>
    <message>
        <location filename="../cli.py" line="167"/>
        <source>{imported} submissions imported ({proposals} proposals), {duplicates} duplicates, {skipped} rows skipped.</source>
        <translation>{imported} Einreichungen importiert ({proposals} Vorschläge), {duplicates} Duplikate, {skipped} Zeilen übersprungen.</translation>
    </message>
    <message>
        <location filename="../cli.py" line="402"/>
        <source>import online submissions (CSV or GeoJSON)</source>
        <translation>Online-Einreichungen importieren (CSV oder GeoJSON)</translation>
    </message>
    <message>
        <location filename="../cli.py" line="468"/>
        <source>the participation database</source>
        <translation>die Beteiligungsdatenbank</translation>
    </message>
    <message>
        <location filename="../cli.py" line="404"/>
        <source>CSV (UTF-8, , or ;) or GeoJSON of the online form</source>
        <translation>CSV (UTF-8, , oder ;) oder GeoJSON des Online-Formulars</translation>
    </message>
    <message>
        <location filename="../cli.py" line="405"/>
        <source>write the skipped rows and their reasons here</source>
        <translation>übersprungene Zeilen mit ihren Gründen hierhin schreiben</translation>
    </message>
    <message>
        <location filename="../cli.py" line="408"/>
        <source>Nominatim-compatible search URL for addresses</source>
        <translation>Nominatim-kompatible Such-URL für Adressen</translation>
    </message>
    <message>
        <location filename="../core/validation.py" line="91"/>
        <source>Given name</source>
        <translation>Vorname</translation>
    </message>
    <message>
        <location filename="../core/validation.py" line="92"/>
        <source>Family name</source>
        <translation>Nachname</translation>
    </message>
    <message>
        <location filename="../core/validation.py" line="93"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../data/importer.py" line="190"/>
        <source>Submission ID</source>
        <translation>Einreichungs-ID</translation>
    </message>
    <message>
        <location filename="../core/validation.py" line="95"/>
        <source>Submission date</source>
        <translation>Einreichungsdatum</translation>
    </message>
    <message>
        <location filename="../core/validation.py" line="96"/>
        <source>Street</source>
        <translation>Straße</translation>
    </message>
    <message>
        <location filename="../core/validation.py" line="97"/>
        <source>House number</source>
        <translation>Hausnummer</translation>
    </message>
    <message>
        <location filename="../core/validation.py" line="98"/>
        <source>Postcode</source>
        <translation>PLZ</translation>
    </message>
    <message>
        <location filename="../core/validation.py" line="99"/>
        <source>City</source>
        <translation>Ort</translation>
    </message>
    <message>
        <location filename="../core/validation.py" line="100"/>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <location filename="../core/validation.py" line="101"/>
        <source>E-mail address</source>
        <translation>E-Mail-Adresse</translation>
    </message>
    <message>
        <location filename="../core/validation.py" line="102"/>
        <source>Phone number</source>
        <translation>Telefonnummer</translation>
    </message>
    <message>
        <location filename="../core/validation.py" line="103"/>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <location filename="../core/validation.py" line="104"/>
        <source>Consent to contact exchange</source>
        <translation>Einwilligung in den Kontaktaustausch</translation>
    </message>
    <message>
        <location filename="../core/validation.py" line="105"/>
        <source>Date of the consent to contact exchange</source>
        <translation>Datum der Einwilligung in den Kontaktaustausch</translation>
    </message>
    <message>
        <location filename="../core/validation.py" line="106"/>
        <source>Consent to the public map</source>
        <translation>Einwilligung in die öffentliche Karte</translation>
    </message>
    <message>
        <location filename="../core/validation.py" line="107"/>
        <source>Date of the consent to the public map</source>
        <translation>Datum der Einwilligung in die öffentliche Karte</translation>
    </message>
    <message>
        <location filename="../core/validation.py" line="108"/>
        <source>Theme</source>
        <translation>Thema</translation>
    </message>
    <message>
        <location filename="../core/validation.py" line="109"/>
        <source>Planned from (year)</source>
        <translation>Geplant ab (Jahr)</translation>
    </message>
    <message>
        <location filename="../core/validation.py" line="110"/>
        <source>Planned until (year)</source>
        <translation>Geplant bis (Jahr)</translation>
    </message>
    <message>
        <location filename="../core/validation.py" line="111"/>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <location filename="../core/validation.py" line="112"/>
        <source>Notes</source>
        <translation>Notizen</translation>
    </message>
    <message>
        <location filename="../core/validation.py" line="113"/>
        <source>Officer notes</source>
        <translation>Notizen der Sachbearbeitung</translation>
    </message>
    <message>
        <location filename="../core/validation.py" line="114"/>
        <source>Advice</source>
        <translation>Beratungshinweis</translation>
    </message>
    <message>
        <location filename="../core/validation.py" line="115"/>
        <source>Reason for rejection</source>
        <translation>Ablehnungsgrund</translation>
    </message>
    <message>
        <location filename="../core/validation.py" line="161"/>
        <source>{field} contains control characters (such as NUL); remove them.</source>
        <translation>{field} enthält Steuerzeichen (z. B. NUL); bitte entfernen.</translation>
    </message>
    <message>
        <location filename="../core/validation.py" line="463"/>
        <source>{field} is missing.</source>
        <translation>{field} fehlt.</translation>
    </message>
    <message>
        <location filename="../core/validation.py" line="178"/>
        <source>{field} is too long ({length} characters; at most {limit} are allowed).</source>
        <translation>{field} ist zu lang ({length} Zeichen; höchstens {limit} sind erlaubt).</translation>
    </message>
    <message>
        <location filename="../core/validation.py" line="313"/>
        <source>The postcode must be exactly 5 digits (for example 01067).</source>
        <translation>Die PLZ muss aus genau 5 Ziffern bestehen (zum Beispiel 01067).</translation>
    </message>
    <message>
        <location filename="../core/validation.py" line="319"/>
        <source>The address is incomplete: street, house number and a postcode or city are needed.</source>
        <translation>Die Adresse ist unvollständig: Straße, Hausnummer und PLZ oder Ort werden benötigt.</translation>
    </message>
    <message>
        <location filename="../core/validation.py" line="327"/>
        <source>The e-mail address is not valid (expected name@domain.de, no spaces).</source>
        <translation>Die E-Mail-Adresse ist ungültig (erwartet: name@domain.de, ohne Leerzeichen).</translation>
    </message>
    <message>
        <location filename="../core/validation.py" line="333"/>
        <source>The phone number is not valid: it must start with 0 or +, have 6 to 20 digits and contain only digits, spaces and + / - ( ).</source>
        <translation>Die Telefonnummer ist ungültig: Sie muss mit 0 oder + beginnen, 6 bis 20 Ziffern haben und darf nur Ziffern, Leerzeichen und + / - ( ) enthalten.</translation>
    </message>
    <message>
        <location filename="../core/validation.py" line="350"/>
        <source>The role is not known: use owner, tenant or other (Eigentümer, Mieter, Sonstige).</source>
        <translation>Die Rolle ist unbekannt: Eigentümer, Mieter oder Sonstige angeben (owner, tenant, other).</translation>
    </message>
    <message>
        <location filename="../core/validation.py" line="362"/>
        <source>{field} is not a yes/no value (use ja/nein, yes/no or 1/0).</source>
        <translation>{field} ist kein Ja/Nein-Wert (ja/nein, yes/no oder 1/0 verwenden).</translation>
    </message>
    <message>
        <location filename="../core/validation.py" line="375"/>
        <source>{field} is not a valid date (use YYYY-MM-DD).</source>
        <translation>{field} ist kein gültiges Datum (JJJJ-MM-TT verwenden).</translation>
    </message>
    <message>
        <location filename="../core/validation.py" line="384"/>
        <source>{field} was given but has no date.</source>
        <translation>{field} wurde erteilt, hat aber kein Datum.</translation>
    </message>
    <message>
        <location filename="../core/validation.py" line="403"/>
        <source>{field} must be a whole year such as 2027.</source>
        <translation>{field} muss eine ganze Jahreszahl sein, z. B. 2027.</translation>
    </message>
    <message>
        <location filename="../core/validation.py" line="416"/>
        <source>{field} must lie between {min} and {max}.</source>
        <translation>{field} muss zwischen {min} und {max} liegen.</translation>
    </message>
    <message>
        <location filename="../core/validation.py" line="426"/>
        <source>{field}: {year} lies in the past; plans from {earliest} on are accepted.</source>
        <translation>{field}: {year} liegt in der Vergangenheit; Vorhaben ab {earliest} werden angenommen.</translation>
    </message>
    <message>
        <location filename="../core/validation.py" line="438"/>
        <source>The planned period is reversed: it ends ({end}) before it starts ({start}).</source>
        <translation>Der geplante Zeitraum ist vertauscht: Er endet ({end}) vor seinem Beginn ({start}).</translation>
    </message>
    <message>
        <location filename="../core/validation.py" line="448"/>
        <source>The planned period is longer than {years} years.</source>
        <translation>Der geplante Zeitraum ist länger als {years} Jahre.</translation>
    </message>
    <message>
        <location filename="../core/validation.py" line="468"/>
        <source>The theme &quot;{theme}&quot; is not known.</source>
        <translation>Das Thema „{theme}“ ist unbekannt.</translation>
    </message>
    <message>
        <location filename="../core/submissions.py" line="171"/>
        <source>The file {path} cannot be read: {error}</source>
        <translation>Die Datei {path} kann nicht gelesen werden: {error}</translation>
    </message>
    <message>
        <location filename="../core/submissions.py" line="177"/>
        <source>{path} is not UTF-8 text; save it as UTF-8 (&quot;CSV UTF-8&quot;) and try again.</source>
        <translation>{path} ist kein UTF-8-Text; bitte als UTF-8 speichern („CSV UTF-8“) und erneut versuchen.</translation>
    </message>
    <message>
        <location filename="../core/submissions.py" line="255"/>
        <source>{path} is empty.</source>
        <translation>{path} ist leer.</translation>
    </message>
    <message>
        <location filename="../core/submissions.py" line="208"/>
        <source>{path}: the column {column} appears more than once.</source>
        <translation>{path}: Die Spalte {column} kommt mehrfach vor.</translation>
    </message>
    <message>
        <location filename="../core/submissions.py" line="225"/>
        <source>{path} lacks the required columns: {columns}.</source>
        <translation>In {path} fehlen die Pflichtspalten: {columns}.</translation>
    </message>
    <message>
        <location filename="../core/submissions.py" line="259"/>
        <source>{path}: the header line cannot be read (broken quote).</source>
        <translation>{path}: Die Kopfzeile kann nicht gelesen werden (nicht geschlossenes Anführungszeichen).</translation>
    </message>
    <message>
        <location filename="../core/submissions.py" line="303"/>
        <source>Wrong number of columns: {found} instead of {expected}.</source>
        <translation>Falsche Spaltenanzahl: {found} statt {expected}.</translation>
    </message>
    <message>
        <location filename="../core/submissions.py" line="318"/>
        <source>Broken quote: a quotation mark is not closed, so the row cannot be split into columns safely. Correct the row in the file and import it again.</source>
        <translation>Fehlerhaftes Anführungszeichen: Ein Anführungszeichen ist nicht geschlossen, daher lässt sich die Zeile nicht sicher in Spalten aufteilen. Bitte die Zeile in der Datei korrigieren und erneut importieren.</translation>
    </message>
    <message>
        <location filename="../core/submissions.py" line="343"/>
        <source>{path} is not valid JSON: {error}</source>
        <translation>{path} ist kein gültiges JSON: {error}</translation>
    </message>
    <message>
        <location filename="../core/submissions.py" line="351"/>
        <source>{path} is not a GeoJSON FeatureCollection.</source>
        <translation>{path} ist keine GeoJSON-FeatureCollection.</translation>
    </message>
    <message>
        <location filename="../core/submissions.py" line="356"/>
        <source>{path} is not in WGS 84 longitude/latitude (GeoJSON requires it).</source>
        <translation>{path} liegt nicht in WGS 84 Länge/Breite vor (GeoJSON verlangt das).</translation>
    </message>
    <message>
        <location filename="../core/submissions.py" line="373"/>
        <source>The entry is not a GeoJSON feature.</source>
        <translation>Der Eintrag ist kein GeoJSON-Feature.</translation>
    </message>
    <message>
        <location filename="../core/submissions.py" line="376"/>
        <source>The feature&apos;s properties are not a JSON object.</source>
        <translation>Die Eigenschaften (properties) des Features sind kein JSON-Objekt.</translation>
    </message>
    <message>
        <location filename="../core/submissions.py" line="392"/>
        <source>The geometry is not a point.</source>
        <translation>Die Geometrie ist kein Punkt.</translation>
    </message>
    <message>
        <location filename="../core/submissions.py" line="402"/>
        <source>The submission date is not a valid date.</source>
        <translation>Das Einreichungsdatum ist kein gültiges Datum.</translation>
    </message>
    <message>
        <location filename="../core/submissions.py" line="406"/>
        <source>Latitude and longitude must be given together.</source>
        <translation>Breite und Länge müssen zusammen angegeben werden.</translation>
    </message>
    <message>
        <location filename="../core/submissions.py" line="414"/>
        <source>The coordinates (lat/lon) are not numbers in degrees (latitude -90 to 90, longitude -180 to 180).</source>
        <translation>Die Koordinaten (lat/lon) sind keine Gradangaben (Breite -90 bis 90, Länge -180 bis 180).</translation>
    </message>
    <message>
        <location filename="../core/geocoding.py" line="151"/>
        <source>Enter a street and a house number.</source>
        <translation>Bitte Straße und Hausnummer eingeben.</translation>
    </message>
    <message>
        <location filename="../core/geocoding.py" line="155"/>
        <source>The address gazetteer of this database is empty.</source>
        <translation>Das Adressverzeichnis dieser Datenbank ist leer.</translation>
    </message>
    <message>
        <location filename="../core/geocoding.py" line="159"/>
        <source>{street} is not in the address gazetteer.</source>
        <translation>{street} ist nicht im Adressverzeichnis.</translation>
    </message>
    <message>
        <location filename="../core/geocoding.py" line="163"/>
        <source>{street} is not in the address gazetteer, but similar street names are: choose the right address.</source>
        <translation>{street} ist nicht im Adressverzeichnis, aber ähnliche Straßennamen: Bitte die richtige Adresse auswählen.</translation>
    </message>
    <message>
        <location filename="../core/geocoding.py" line="169"/>
        <source>Found in the address gazetteer: {label}.</source>
        <translation>Im Adressverzeichnis gefunden: {label}.</translation>
    </message>
    <message>
        <location filename="../core/geocoding.py" line="173"/>
        <source>This house number is not in the gazetteer; house number {used} was used instead: check the location.</source>
        <translation>Diese Hausnummer ist nicht im Adressverzeichnis; stattdessen wurde Hausnummer {used} verwendet: Bitte die Lage prüfen.</translation>
    </message>
    <message>
        <location filename="../core/geocoding.py" line="179"/>
        <source>This house number is not in the gazetteer; {count} similar house numbers are: choose one.</source>
        <translation>Diese Hausnummer ist nicht im Adressverzeichnis, aber {count} ähnliche Hausnummern: Bitte eine auswählen.</translation>
    </message>
    <message>
        <location filename="../core/geocoding.py" line="185"/>
        <source>This house number of {street} is not in the gazetteer; the location of the nearest known house number, {used}, is given as an approximation.</source>
        <translation>Diese Hausnummer der {street} ist nicht im Adressverzeichnis; als Näherung wird die Lage der nächsten bekannten Hausnummer {used} angegeben.</translation>
    </message>
    <message>
        <location filename="../core/geocoding.py" line="192"/>
        <source>This house number of {street} is not in the gazetteer; the locations of the nearest known house numbers are given as approximations.</source>
        <translation>Diese Hausnummer der {street} ist nicht im Adressverzeichnis; als Näherung werden die Lagen der nächsten bekannten Hausnummern angegeben.</translation>
    </message>
    <message>
        <location filename="../core/geocoding.py" line="199"/>
        <source>This house number of {street} is not in the gazetteer; the middle of the street&apos;s known addresses is given as an approximation.</source>
        <translation>Diese Hausnummer der {street} ist nicht im Adressverzeichnis; als Näherung wird die Mitte der bekannten Adressen der Straße angegeben.</translation>
    </message>
    <message>
        <location filename="../core/geocoding.py" line="206"/>
        <source>The postcode {postcode} does not match the gazetteer: check it.</source>
        <translation>Die Postleitzahl {postcode} passt nicht zum Adressverzeichnis: Bitte prüfen.</translation>
    </message>
    <message>
        <location filename="../core/geocoding.py" line="210"/>
        <source>The address exists in {count} postcode areas: choose one or enter the postcode.</source>
        <translation>Die Adresse gibt es in {count} Postleitzahlgebieten: Bitte eine auswählen oder die Postleitzahl eingeben.</translation>
    </message>
    <message>
        <location filename="../core/geocoding.py" line="216"/>
        <source>{count} addresses in the gazetteer match: choose one.</source>
        <translation>{count} Adressen im Adressverzeichnis passen: Bitte eine auswählen.</translation>
    </message>
    <message>
        <location filename="../core/geocoding.py" line="220"/>
        <source>Enter a street, a postcode or a town.</source>
        <translation>Bitte eine Straße, eine Postleitzahl oder einen Ort eingeben.</translation>
    </message>
    <message>
        <location filename="../core/geocoding.py" line="224"/>
        <source>The address of the web geocoder is not a valid http(s) URL: check the settings.</source>
        <translation>Die Adresse des Web-Geocoders ist keine gültige http(s)-URL: Bitte die Einstellungen prüfen.</translation>
    </message>
    <message>
        <location filename="../core/geocoding.py" line="228"/>
        <source>Found by the web geocoder: {label}.</source>
        <translation>Vom Web-Geocoder gefunden: {label}.</translation>
    </message>
    <message>
        <location filename="../core/geocoding.py" line="232"/>
        <source>The web geocoder found only the street, not the house number: check the location.</source>
        <translation>Der Web-Geocoder hat nur die Straße gefunden, nicht die Hausnummer: Bitte die Lage prüfen.</translation>
    </message>
    <message>
        <location filename="../core/geocoding.py" line="236"/>
        <source>The web geocoder found only the postcode area, not the address: check the location.</source>
        <translation>Der Web-Geocoder hat nur das Postleitzahlgebiet gefunden, nicht die Adresse: Bitte die Lage prüfen.</translation>
    </message>
    <message>
        <location filename="../core/geocoding.py" line="240"/>
        <source>The web geocoder found {count} places: choose one.</source>
        <translation>Der Web-Geocoder hat {count} Orte gefunden: Bitte einen auswählen.</translation>
    </message>
    <message>
        <location filename="../core/geocoding.py" line="244"/>
        <source>The web geocoder did not find the address.</source>
        <translation>Der Web-Geocoder hat die Adresse nicht gefunden.</translation>
    </message>
    <message>
        <location filename="../core/geocoding.py" line="249"/>
        <source>The web geocoder is receiving too many requests. Try again later.</source>
        <translation>Der Web-Geocoder erhält zu viele Anfragen. Bitte später erneut versuchen.</translation>
    </message>
    <message>
        <location filename="../core/geocoding.py" line="250"/>
        <source>The web geocoder is receiving too many requests. Try again in {seconds} s.</source>
        <translation>Der Web-Geocoder erhält zu viele Anfragen. Bitte in {seconds} s erneut versuchen.</translation>
    </message>
    <message>
        <location filename="../core/geocoding.py" line="256"/>
        <source>The web geocoder at {host} has a server problem (HTTP {code}). Try again later.</source>
        <translation>Der Web-Geocoder unter {host} hat ein Serverproblem (HTTP {code}). Bitte später erneut versuchen.</translation>
    </message>
    <message>
        <location filename="../core/geocoding.py" line="262"/>
        <source>The web geocoder at {host} refused the request (HTTP {code}): check its URL in the settings.</source>
        <translation>Der Web-Geocoder unter {host} hat die Anfrage abgelehnt (HTTP {code}): Bitte seine URL in den Einstellungen prüfen.</translation>
    </message>
    <message>
        <location filename="../core/geocoding.py" line="268"/>
        <source>The web geocoder at {host} gave an unexpected answer (HTTP {code}).</source>
        <translation>Der Web-Geocoder unter {host} hat unerwartet geantwortet (HTTP {code}).</translation>
    </message>
    <message>
        <location filename="../core/geocoding.py" line="274"/>
        <source>The web geocoder at {host} did not answer in JSON: is the URL a Nominatim search endpoint?</source>
        <translation>Der Web-Geocoder unter {host} hat nicht in JSON geantwortet: Ist die URL ein Nominatim-Suchendpunkt?</translation>
    </message>
    <message>
        <location filename="../core/geocoding.py" line="280"/>
        <source>The answer of the web geocoder at {host} is not in the Nominatim format: is the URL a Nominatim search endpoint?</source>
        <translation>Die Antwort des Web-Geocoders unter {host} hat nicht das Nominatim-Format: Ist die URL ein Nominatim-Suchendpunkt?</translation>
    </message>
    <message>
        <location filename="../core/geocoding.py" line="287"/>
        <source>The web geocoder at {host} reported an error and found nothing.</source>
        <translation>Der Web-Geocoder unter {host} hat einen Fehler gemeldet und nichts gefunden.</translation>
    </message>
    <message>
        <location filename="../core/geocoding.py" line="291"/>
        <source>The web geocoder at {host} did not answer within {seconds} s. Try again later.</source>
        <translation>Der Web-Geocoder unter {host} hat nicht innerhalb von {seconds} s geantwortet. Bitte später erneut versuchen.</translation>
    </message>
    <message>
        <location filename="../core/geocoding.py" line="297"/>
        <source>The web geocoder at {host} cannot be reached: check the network connection.</source>
        <translation>Der Web-Geocoder unter {host} ist nicht erreichbar: Bitte die Netzwerkverbindung prüfen.</translation>
    </message>
    <message>
        <location filename="../core/geocoding.py" line="301"/>
        <source>The proxy server did not pass the request on to the web geocoder: check QGIS&apos;s proxy settings.</source>
        <translation>Der Proxyserver hat die Anfrage nicht an den Web-Geocoder weitergeleitet: Bitte die Proxy-Einstellungen von QGIS prüfen.</translation>
    </message>
    <message>
        <location filename="../core/geocoding.py" line="307"/>
        <source>The secure connection to the web geocoder at {host} failed (certificate problem).</source>
        <translation>Die sichere Verbindung zum Web-Geocoder unter {host} ist fehlgeschlagen (Zertifikatsproblem).</translation>
    </message>
    <message>
        <location filename="../core/geocoding.py" line="313"/>
        <source>The web geocoder&apos;s coordinates cannot be converted into the database&apos;s coordinate system.</source>
        <translation>Die Koordinaten des Web-Geocoders können nicht in das Koordinatensystem der Datenbank umgerechnet werden.</translation>
    </message>
    <message>
        <location filename="../core/geocoding.py" line="317"/>
        <source>The web geocoder failed unexpectedly; details are in the MitMach message log.</source>
        <translation>Der Web-Geocoder ist unerwartet fehlgeschlagen; Einzelheiten stehen im MitMach-Meldungsprotokoll.</translation>
    </message>
    <message>
        <location filename="../core/geocoding.py" line="321"/>
        <source>Neither an address gazetteer nor a web geocoder is available: place the proposal on the map.</source>
        <translation>Weder ein Adressverzeichnis noch ein Web-Geocoder ist verfügbar: Bitte den Vorschlag auf der Karte setzen.</translation>
    </message>
    <message>
        <location filename="../core/geocoding.py" line="325"/>
        <source>The address was found neither in the address gazetteer nor by the web geocoder: place the proposal on the map.</source>
        <translation>Die Adresse wurde weder im Adressverzeichnis noch vom Web-Geocoder gefunden: Bitte den Vorschlag auf der Karte setzen.</translation>
    </message>
    <message>
        <location filename="../core/geocoding.py" line="332"/>
        <source>The web geocoder found nothing more precise.</source>
        <translation>Der Web-Geocoder hat nichts Genaueres gefunden.</translation>
    </message>
    <message>
        <location filename="../core/geocoding.py" line="336"/>
        <source>The place lies outside the participation area: check it before saving.</source>
        <translation>Der Ort liegt außerhalb des Beteiligungsgebiets: Bitte vor dem Speichern prüfen.</translation>
    </message>
    <message>
        <location filename="../core/geocoding.py" line="340"/>
        <source>{outside} of {count} places lie outside the participation area.</source>
        <translation>{outside} von {count} Orten liegen außerhalb des Beteiligungsgebiets.</translation>
    </message>
    <message>
        <location filename="../data/importer.py" line="190"/>
        <source>Row</source>
        <translation>Zeile</translation>
    </message>
    <message>
        <location filename="../data/importer.py" line="190"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../data/importer.py" line="190"/>
        <source>Reasons</source>
        <translation>Gründe</translation>
    </message>
    <message>
        <location filename="../data/importer.py" line="279"/>
        <source>The coordinates (lat/lon) cannot be transformed into the database&apos;s coordinate system.</source>
        <translation>Die Koordinaten (lat/lon) lassen sich nicht in das Koordinatensystem der Datenbank umrechnen.</translation>
    </message>
    <message>
        <location filename="../data/importer.py" line="286"/>
        <source>The address could not be looked up (geocoder error); import the file again later.</source>
        <translation>Die Adresse konnte nicht nachgeschlagen werden (Fehler des Geocoders); die Datei später erneut importieren.</translation>
    </message>
    <message>
        <location filename="../data/importer.py" line="301"/>
        <source>Address not found: the submission has no coordinates and its address could not be located.</source>
        <translation>Adresse nicht gefunden: Die Einreichung hat keine Koordinaten und ihre Adresse ließ sich nicht verorten.</translation>
    </message>
    <message>
        <location filename="../data/importer.py" line="319"/>
        <source>Already imported: a proposal with this submission ID is in the database.</source>
        <translation>Bereits importiert: Ein Vorschlag mit dieser Einreichungs-ID ist in der Datenbank.</translation>
    </message>
    <message>
        <location filename="../data/importer.py" line="321"/>
        <source>The same submission ID appears earlier in this file.</source>
        <translation>Dieselbe Einreichungs-ID kommt weiter oben in dieser Datei schon vor.</translation>
    </message>
    <message>
        <location filename="../data/importer.py" line="322"/>
        <source>Already in the database: the same person at the same address with the same themes.</source>
        <translation>Bereits in der Datenbank: dieselbe Person an derselben Adresse mit denselben Themen.</translation>
    </message>
    <message>
        <location filename="../data/importer.py" line="429"/>
        <source>Theme {theme} was already in the database for this person and was not added again.</source>
        <translation>Das Thema {theme} war für diese Person bereits in der Datenbank und wurde nicht erneut hinzugefügt.</translation>
    </message>
    <message>
        <location filename="../data/importer.py" line="470"/>
        <source>Outside the participation area: imported and flagged for the officer (in_area = 0).</source>
        <translation>Außerhalb des Beteiligungsgebiets: importiert und für die Sachbearbeitung markiert (in_area = 0).</translation>
    </message>
    <message>
        <location filename="../data/importer.py" line="478"/>
        <source>The import was cancelled; nothing was written.</source>
        <translation>Der Import wurde abgebrochen; es wurde nichts geschrieben.</translation>
    </message>
    <message>
        <location filename="../data/review.py" line="211"/>
        <source>Unknown status: {status}</source>
        <translation>Unbekannter Status: {status}</translation>
    </message>
    <message>
        <location filename="../data/versioning.py" line="123"/>
        <source>and {count} more</source>
        <translation>und {count} weitere</translation>
    </message>
    <message>
        <location filename="../data/review.py" line="185"/>
        <source>{field} contains a control character (U+{code}); remove it and try again.</source>
        <translation>{field} enthält ein Steuerzeichen (U+{code}); bitte entfernen und erneut versuchen.</translation>
    </message>
    <message>
        <location filename="../data/review.py" line="214"/>
        <source>Select at least one proposal.</source>
        <translation>Bitte mindestens einen Vorschlag auswählen.</translation>
    </message>
    <message>
        <location filename="../data/review.py" line="215"/>
        <source>The reason</source>
        <translation>Die Begründung</translation>
    </message>
    <message>
        <location filename="../data/review.py" line="217"/>
        <source>A proposal can only be rejected with a reason.</source>
        <translation>Ein Vorschlag kann nur mit Begründung abgelehnt werden.</translation>
    </message>
    <message>
        <location filename="../data/review.py" line="278"/>
        <source>The user name</source>
        <translation>Der Benutzername</translation>
    </message>
    <message>
        <location filename="../data/review.py" line="280"/>
        <source>The change needs the name of the officer who makes it.</source>
        <translation>Für die Änderung wird der Name der bearbeitenden Person benötigt.</translation>
    </message>
    <message>
        <location filename="../data/review.py" line="231"/>
        <source>Not all selected proposals can be set to “{status}” ({count} of {total} cannot), so nothing was changed: {proposals}</source>
        <translation>Nicht alle ausgewählten Vorschläge können auf „{status}“ gesetzt werden ({count} von {total} nicht), daher wurde nichts geändert: {proposals}</translation>
    </message>
    <message>
        <location filename="../data/review.py" line="276"/>
        <source>The officer&apos;s notes</source>
        <translation>Die Notizen der Sachbearbeitung</translation>
    </message>
    <message>
        <location filename="../data/review.py" line="277"/>
        <source>The advice</source>
        <translation>Die Empfehlung</translation>
    </message>
    <message>
        <location filename="../data/review.py" line="284"/>
        <source>Proposal {uuid} no longer exists.</source>
        <translation>Vorschlag {uuid} existiert nicht mehr.</translation>
    </message>
    <message>
        <location filename="../cli.py" line="343"/>
        <source>{clusters} clusters, {candidates} heat-network candidates: {path}</source>
        <translation>{clusters} Cluster, {candidates} Wärmenetz-Kandidaten: {path}</translation>
    </message>
    <message>
        <location filename="../cli.py" line="440"/>
        <source>synergy clusters and heat-network candidates</source>
        <translation>Synergiecluster und Wärmenetz-Kandidaten</translation>
    </message>
    <message>
        <location filename="../cli.py" line="442"/>
        <source>the synergy</source>
        <translation>die Synergie</translation>
    </message>
    <message>
        <location filename="../cli.py" line="443"/>
        <source>maximum distance between neighbours (m)</source>
        <translation>Höchstabstand zwischen Nachbarn (m)</translation>
    </message>
    <message>
        <location filename="../cli.py" line="444"/>
        <source>minimum number of proposals of a core point</source>
        <translation>Mindestanzahl an Vorschlägen eines Kernpunkts</translation>
    </message>
    <message>
        <location filename="../cli.py" line="447"/>
        <source>planned years at most this far apart (-1: off)</source>
        <translation>geplante Jahre höchstens so weit auseinander (-1: aus)</translation>
    </message>
    <message>
        <location filename="../cli.py" line="450"/>
        <source>building layer with the heat demand</source>
        <translation>Gebäudelayer mit dem Wärmebedarf</translation>
    </message>
    <message>
        <location filename="../cli.py" line="451"/>
        <source>heat demand field of the buildings (MWh/a)</source>
        <translation>Feld des Wärmebedarfs der Gebäude (MWh/a)</translation>
    </message>
    <message>
        <location filename="../cli.py" line="452"/>
        <source>count the proposals&apos; buildings only, or all buildings in the cluster area</source>
        <translation>nur die Gebäude der Vorschläge zählen oder alle Gebäude der Clusterfläche</translation>
    </message>
    <message>
        <location filename="../cli.py" line="454"/>
        <source>street layer: trench along the streets</source>
        <translation>Straßenlayer: Trasse entlang der Straßen</translation>
    </message>
    <message>
        <location filename="../cli.py" line="455"/>
        <source>write the cluster report (HTML and CSV)</source>
        <translation>den Clusterbericht schreiben (HTML und CSV)</translation>
    </message>
    <message>
        <location filename="../cli.py" line="456"/>
        <source>the GeoPackage to write</source>
        <translation>das zu schreibende GeoPackage</translation>
    </message>
    <message>
        <location filename="../data/review.py" line="229"/>
        <source>no longer exists</source>
        <translation>existiert nicht mehr</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="196"/>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="196"/>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="212"/>
        <source>Cluster</source>
        <translation>Cluster</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="212"/>
        <source>Proposals</source>
        <translation>Vorschläge</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="212"/>
        <source>Participants</source>
        <translation>Teilnehmende</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="212"/>
        <source>Buildings</source>
        <translation>Gebäude</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="212"/>
        <source>Themes</source>
        <translation>Themen</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="212"/>
        <source>Period</source>
        <translation>Zeitraum</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="213"/>
        <source>Owners</source>
        <translation>Eigentümer</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="213"/>
        <source>Tenants</source>
        <translation>Mieter</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="213"/>
        <source>Heat demand (MWh/a)</source>
        <translation>Wärmebedarf (MWh/a)</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="213"/>
        <source>Buildings with default demand</source>
        <translation>Gebäude mit Standardbedarf</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="214"/>
        <source>Trench (m)</source>
        <translation>Trasse (m)</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="214"/>
        <source>Linear heat density (MWh/(m·a))</source>
        <translation>Wärmeliniendichte (MWh/(m·a))</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="214"/>
        <source>Class</source>
        <translation>Klasse</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="214"/>
        <source>Candidate</source>
        <translation>Kandidat</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="217"/>
        <source>MitMach synergy clusters</source>
        <translation>MitMach-Synergiecluster</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="232"/>
        <source>Clusters</source>
        <translation>Cluster</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="238"/>
        <source>No clusters were found.</source>
        <translation>Es wurden keine Cluster gefunden.</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="862"/>
        <source>The output must not be the participation database itself.</source>
        <translation>Die Ausgabe darf nicht die Beteiligungsdatenbank selbst sein.</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="882"/>
        <source>Unknown synergy {synergy}; known: {known}.</source>
        <translation>Unbekannte Synergie {synergy}; bekannt sind: {known}.</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="904"/>
        <source>Unknown demand scope {scope}; known: {known}.</source>
        <translation>Unbekannte Auswahl der Gebäude {scope}; bekannt sind: {known}.</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="930"/>
        <source>MitMach cluster style</source>
        <translation>MitMach-Clusterstil</translation>
    </message>
    <message>
        <location filename="../cli.py" line="187"/>
        <source>Give either --proposal UUID or --all --output FILE.</source>
        <translation>Geben Sie entweder --proposal UUID oder --all --output DATEI an.</translation>
    </message>
    <message>
        <location filename="../cli.py" line="189"/>
        <source>--all needs --output PAIRS.gpkg or PAIRS.csv.</source>
        <translation>--all braucht --output PAARE.gpkg oder PAARE.csv.</translation>
    </message>
    <message>
        <location filename="../cli.py" line="194"/>
        <source>{count} compatible pairs written to {path}</source>
        <translation>{count} passende Paare in {path} geschrieben</translation>
    </message>
    <message>
        <location filename="../cli.py" line="207"/>
        <source>No compatible proposals nearby.</source>
        <translation>Keine passenden Vorschläge in der Nähe.</translation>
    </message>
    <message>
        <location filename="../cli.py" line="411"/>
        <source>ranked compatible proposals, or all compatible pairs</source>
        <translation>passende Vorschläge nach Rang oder alle passenden Paare</translation>
    </message>
    <message>
        <location filename="../cli.py" line="413"/>
        <source>rank the candidates of this proposal</source>
        <translation>die Kandidaten dieses Vorschlags ordnen</translation>
    </message>
    <message>
        <location filename="../cli.py" line="414"/>
        <source>number of candidates (default 10)</source>
        <translation>Anzahl der Kandidaten (Standard 10)</translation>
    </message>
    <message>
        <location filename="../cli.py" line="415"/>
        <source>print JSON</source>
        <translation>JSON ausgeben</translation>
    </message>
    <message>
        <location filename="../cli.py" line="416"/>
        <source>language of the reasons</source>
        <translation>Sprache der Begründungen</translation>
    </message>
    <message>
        <location filename="../cli.py" line="417"/>
        <source>every compatible pair of the database</source>
        <translation>alle passenden Paare der Datenbank</translation>
    </message>
    <message>
        <location filename="../cli.py" line="418"/>
        <source>where --all writes the pairs</source>
        <translation>wohin --all die Paare schreibt</translation>
    </message>
    <message>
        <location filename="../data/matches.py" line="119"/>
        <source>no consent to contact exchange</source>
        <translation>keine Einwilligung in den Kontaktaustausch</translation>
    </message>
    <message>
        <location filename="../data/matches.py" line="120"/>
        <source>no participant recorded (or their personal data was erased)</source>
        <translation>keine teilnehmende Person erfasst (oder ihre personenbezogenen Daten wurden gelöscht)</translation>
    </message>
    <message>
        <location filename="../data/matches.py" line="121"/>
        <source>no other member of the group consented to contact exchange</source>
        <translation>kein anderes Mitglied der Gruppe hat in den Kontaktaustausch eingewilligt</translation>
    </message>
    <message>
        <location filename="../data/matches.py" line="299"/>
        <source>A match group needs at least two proposals.</source>
        <translation>Eine Gruppe braucht mindestens zwei Vorschläge.</translation>
    </message>
    <message>
        <location filename="../data/matches.py" line="304"/>
        <source>The notes</source>
        <translation>Die Notizen</translation>
    </message>
    <message>
        <location filename="../data/matches.py" line="309"/>
        <source>The synergy “{synergy}” is not in this database's compatibility table.</source>
        <translation>Die Synergie „{synergy}“ steht nicht in der Kompatibilitätstabelle dieser Datenbank.</translation>
    </message>
    <message>
        <location filename="../data/matches.py" line="322"/>
        <source>A match group {uuid} exists already with other proposals.</source>
        <translation>Eine Gruppe {uuid} gibt es bereits mit anderen Vorschlägen.</translation>
    </message>
    <message>
        <location filename="../data/matches.py" line="335"/>
        <source>Only checked or matched proposals can form a match group ({count} of {total} cannot), so nothing was saved: {proposals}</source>
        <translation>Nur geprüfte oder bereits zugeordnete Vorschläge können eine Gruppe bilden ({count} von {total} nicht), daher wurde nichts gespeichert: {proposals}</translation>
    </message>
    <message>
        <location filename="../data/matches.py" line="413"/>
        <source>Match group {uuid} does not exist.</source>
        <translation>Die Gruppe {uuid} gibt es nicht.</translation>
    </message>
    <message>
        <location filename="../data/matches.py" line="482"/>
        <source>Contact details can only be marked as exchanged for members of the group who consented, so nothing was changed: {proposals}</source>
        <translation>Kontaktdaten können nur für Gruppenmitglieder mit Einwilligung als ausgetauscht vermerkt werden, daher wurde nichts geändert: {proposals}</translation>
    </message>
    <message>
        <location filename="../data/matches.py" line="498"/>
        <source>Match group {uuid} was changed meanwhile, so nothing was changed.</source>
        <translation>Die Gruppe {uuid} wurde inzwischen geändert, daher wurde nichts geändert.</translation>
    </message>
    <message>
        <location filename="../processing_provider/find_matches.py" line="87"/>
        <source>There is no proposal {uuid} in {path}.</source>
        <translation>In {path} gibt es keinen Vorschlag {uuid}.</translation>
    </message>
    <message>
        <location filename="../processing_provider/find_matches.py" line="115"/>
        <source>Pairs can be written to .gpkg or .csv files only, not {path}.</source>
        <translation>Paare können nur in .gpkg- oder .csv-Dateien geschrieben werden, nicht in {path}.</translation>
    </message>
    <message>
        <location filename="../processing_provider/find_matches.py" line="120"/>
        <source>The pairs cannot be written into the participation database itself.</source>
        <translation>Die Paare können nicht in die Beteiligungsdatenbank selbst geschrieben werden.</translation>
    </message>
    <message>
        <location filename="../processing_provider/find_matches.py" line="123"/>
        <source>The folder {path} does not exist.</source>
        <translation>Den Ordner {path} gibt es nicht.</translation>
    </message>
    <message>
        <location filename="../processing_provider/find_matches.py" line="133"/>
        <source>Cancelled: nothing was written.</source>
        <translation>Abgebrochen: Es wurde nichts geschrieben.</translation>
    </message>
    <message>
        <location filename="../processing_provider/find_matches.py" line="192"/>
        <source>Cannot write {path}: {error}</source>
        <translation>{path} kann nicht geschrieben werden: {error}</translation>
    </message>
    <message>
        <location filename="../cli.py" line="218"/>
        <source>Unknown formats: {formats} (use pdf, png, svg, web).</source>
        <translation>Unbekannte Formate: {formats} (pdf, png, svg, web verwenden).</translation>
    </message>
    <message>
        <location filename="../cli.py" line="421"/>
        <source>the anonymised public map: PDF, PNG, SVG, web map</source>
        <translation>die anonymisierte öffentliche Karte: PDF, PNG, SVG, Webkarte</translation>
    </message>
    <message>
        <location filename="../cli.py" line="423"/>
        <source>output folder</source>
        <translation>Ausgabeordner</translation>
    </message>
    <message>
        <location filename="../cli.py" line="424"/>
        <source>comma-separated: pdf, png, svg, web</source>
        <translation>durch Kommas getrennt: pdf, png, svg, web</translation>
    </message>
    <message>
        <location filename="../cli.py" line="425"/>
        <source>also a per-theme atlas (one page per theme)</source>
        <translation>zusätzlich ein Atlas je Thema (eine Seite je Thema)</translation>
    </message>
    <message>
        <location filename="../cli.py" line="426"/>
        <source>hexagon size in metres (default: the database&apos;s)</source>
        <translation>Sechseckgröße in Metern (Standard: aus der Datenbank)</translation>
    </message>
    <message>
        <location filename="../cli.py" line="427"/>
        <source>minimum participants per published cell (default: the database&apos;s)</source>
        <translation>Mindestzahl Teilnehmender je veröffentlichter Zelle (Standard: aus der Datenbank)</translation>
    </message>
    <message>
        <location filename="../cli.py" line="430"/>
        <source>title of the map</source>
        <translation>Titel der Karte</translation>
    </message>
    <message>
        <location filename="../cli.py" line="431"/>
        <source>language of the map</source>
        <translation>Sprache der Karte</translation>
    </message>
    <message>
        <location filename="../cli.py" line="432"/>
        <source>resolution of PNG output</source>
        <translation>Auflösung der PNG-Ausgabe</translation>
    </message>
    <message>
        <location filename="../cli.py" line="433"/>
        <source>cluster areas to publish (from &apos;cluster&apos;)</source>
        <translation>zu veröffentlichende Clusterflächen (aus 'cluster')</translation>
    </message>
    <message>
        <location filename="../export/guard.py" line="50"/>
        <source>The layer {layer} holds the participants (personal data) and cannot be published.</source>
        <translation>Die Ebene {layer} enthält die Teilnehmenden (personenbezogene Daten) und kann nicht veröffentlicht werden.</translation>
    </message>
    <message>
        <location filename="../export/guard.py" line="58"/>
        <source>The layer {layer} has personal fields ({fields}) and cannot be published.</source>
        <translation>Die Ebene {layer} hat personenbezogene Felder ({fields}) und kann nicht veröffentlicht werden.</translation>
    </message>
    <message>
        <location filename="../export/guard.py" line="65"/>
        <source>The layer {layer} shows exact points of proposals and cannot be published; publish the anonymised cells or areas instead.</source>
        <translation>Die Ebene {layer} zeigt genaue Standorte von Vorschlägen und kann nicht veröffentlicht werden; veröffentlichen Sie stattdessen die anonymisierten Zellen oder Gebiete.</translation>
    </message>
    <message>
        <location filename="../export/guard.py" line="81"/>
        <source>{name}: an internal export must not be called public (&quot;public&quot;, &quot;öffentlich&quot;); choose another file name.</source>
        <translation>{name}: Ein interner Export darf nicht „öffentlich“ heißen („public“, „öffentlich“); wählen Sie einen anderen Dateinamen.</translation>
    </message>
    <message>
        <location filename="../export/public_layers.py" line="128"/>
        <source>Unknown theme {theme}.</source>
        <translation>Unbekanntes Thema {theme}.</translation>
    </message>
    <message>
        <location filename="../export/webmap.py" line="84"/>
        <source>Unsupported language for the web map: {0}</source>
        <translation>Nicht unterstützte Sprache für die Webkarte: {0}</translation>
    </message>
    <message>
        <location filename="../export/webmap.py" line="87"/>
        <source>Unknown coordinate reference system: {0}</source>
        <translation>Unbekanntes Koordinatenbezugssystem: {0}</translation>
    </message>
    <message>
        <location filename="../export/webmap.py" line="89"/>
        <source>Leaflet is missing from the plugin ({0}): run make build.</source>
        <translation>Leaflet fehlt im Plugin ({0}): make build ausführen.</translation>
    </message>
    <message>
        <location filename="../export/webmap.py" line="97"/>
        <source>The layer {0} holds personal data or exact points and cannot be a background.</source>
        <translation>Der Layer {0} enthält personenbezogene Daten oder genaue Punkte und kann kein Hintergrund sein.</translation>
    </message>
    <message>
        <location filename="../export/webmap.py" line="195"/>
        <source>The tile URL must be an http(s) address: {0}</source>
        <translation>Die Kachel-URL muss eine http(s)-Adresse sein: {0}</translation>
    </message>
    <message>
        <location filename="../export/webmap.py" line="350"/>
        <source>Could not write the background image {0}.</source>
        <translation>Das Hintergrundbild {0} konnte nicht geschrieben werden.</translation>
    </message>
    <message>
        <location filename="../data/errors.py" line="71"/>
        <source>The database {path} is in use by someone else; your change was not saved. Your entries are kept: try again in a moment.</source>
        <translation>Die Datenbank {path} wird gerade von jemand anderem benutzt; Ihre Änderung wurde nicht gespeichert. Ihre Eingaben bleiben erhalten: Versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <location filename="../data/versioning.py" line="95"/>
        <source>Proposal {uuid}</source>
        <translation>Vorschlag {uuid}</translation>
    </message>
    <message>
        <location filename="../data/versioning.py" line="97"/>
        <source>Participant {uuid}</source>
        <translation>Teilnehmende Person {uuid}</translation>
    </message>
    <message>
        <location filename="../data/versioning.py" line="98"/>
        <source>Match group {uuid}</source>
        <translation>Gruppe {uuid}</translation>
    </message>
    <message>
        <location filename="../data/versioning.py" line="106"/>
        <source>deleted</source>
        <translation>gelöscht</translation>
    </message>
    <message>
        <location filename="../data/versioning.py" line="108"/>
        <source>no field names recorded</source>
        <translation>keine Feldnamen protokolliert</translation>
    </message>
    <message>
        <location filename="../data/versioning.py" line="109"/>
        <source>unknown user</source>
        <translation>unbekannte Person</translation>
    </message>
    <message>
        <location filename="../data/versioning.py" line="110"/>
        <source>{fields} (by {user} at {time})</source>
        <translation>{fields} (von {user} am {time})</translation>
    </message>
    <message>
        <location filename="../data/versioning.py" line="113"/>
        <source>changed</source>
        <translation>geändert</translation>
    </message>
    <message>
        <location filename="../data/versioning.py" line="124"/>
        <source>Changed by someone else since you opened it, so your change was not saved: {changes}. Reload, check their change, then apply yours again.</source>
        <translation>Seit Sie es geöffnet haben, hat jemand anderes es geändert; Ihre Änderung wurde deshalb nicht gespeichert: {changes}. Laden Sie neu, prüfen Sie die andere Änderung und tragen Sie Ihre dann erneut ein.</translation>
    </message>
    <message>
        <location filename="../gui/store_task.py" line="45"/>
        <source>MitMach: saving to the participation database</source>
        <translation>MitMach: in die Beteiligungsdatenbank speichern</translation>
    </message>
    <message>
        <location filename="../cli.py" line="459"/>
        <source>erase a participant&apos;s personal data from the database (right to erasure)</source>
        <translation>die personenbezogenen Daten einer teilnehmenden Person aus der Datenbank löschen (Recht auf Löschung)</translation>
    </message>
    <message>
        <location filename="../cli.py" line="463"/>
        <source>the uuid of the participant</source>
        <translation>die UUID der teilnehmenden Person</translation>
    </message>
    <message>
        <location filename="../cli.py" line="470"/>
        <source>officer&apos;s name for the audit log (default: the login name)</source>
        <translation>Name der Sachbearbeitung für das Änderungsprotokoll (Standard: der Anmeldename)</translation>
    </message>
    <message>
        <location filename="../cli.py" line="467"/>
        <source>apply the retention rules of the database</source>
        <translation>die Aufbewahrungsregeln der Datenbank anwenden</translation>
    </message>
    <message>
        <location filename="../cli.py" line="469"/>
        <source>only count what is due; change nothing</source>
        <translation>nur zählen, was fällig ist; nichts ändern</translation>
    </message>
    <message>
        <location filename="../data/privacy.py" line="150"/>
        <source>{path} has an older schema; open it with MitMach once to upgrade it, then try again.</source>
        <translation>{path} hat ein älteres Schema; öffnen Sie die Datei einmal mit MitMach, um sie zu aktualisieren, und versuchen Sie es dann erneut.</translation>
    </message>
    <message>
        <location filename="../data/privacy.py" line="166"/>
        <source>Participant {uuid} does not exist; nothing was changed.</source>
        <translation>Die teilnehmende Person {uuid} gibt es nicht; nichts wurde geändert.</translation>
    </message>
    <message>
        <location filename="../data/privacy.py" line="565"/>
        <source>The retention setting {key} in mitmach_meta must be a whole number of months from 1 to {max} or “off”, not “{value}”. Nothing was changed.</source>
        <translation>Die Aufbewahrungseinstellung {key} in mitmach_meta muss eine ganze Zahl von Monaten von 1 bis {max} oder „off“ sein, nicht „{value}“. Nichts wurde geändert.</translation>
    </message>
    <message>
        <location filename="../data/privacy.py" line="721"/>
        <source>Unknown kind of consent: {kind} (use {kinds}).</source>
        <translation>Unbekannte Art der Einwilligung: {kind} (möglich: {kinds}).</translation>
    </message>
    <message>
        <location filename="../data/privacy.py" line="740"/>
        <source>{value} is not a date (use YYYY-MM-DD).</source>
        <translation>{value} ist kein Datum (Format JJJJ-MM-TT).</translation>
    </message>
    <message>
        <location filename="../data/privacy.py" line="742"/>
        <source>The date {date} lies in the future.</source>
        <translation>Das Datum {date} liegt in der Zukunft.</translation>
    </message>
    <message>
        <location filename="../data/privacy.py" line="791"/>
        <source>A consent cannot be withdrawn ({withdrawn}) before it was given ({given}).</source>
        <translation>Eine Einwilligung kann nicht widerrufen werden ({withdrawn}), bevor sie erteilt wurde ({given}).</translation>
    </message>
    <message>
        <location filename="../data/privacy.py" line="808"/>
        <source>Participants erased (record deleted): {count}</source>
        <translation>Gelöschte Teilnehmende (Datensatz entfernt): {count}</translation>
    </message>
    <message>
        <location filename="../data/privacy.py" line="809"/>
        <source>Proposals kept as anonymous ideas (texts, exact point and link removed): {count}, of which open and now withdrawn: {withdrawn}</source>
        <translation>Als anonyme Ideen behaltene Vorschläge (Texte, genauer Punkt und Verknüpfung entfernt): {count}, davon offen und jetzt zurückgezogen: {withdrawn}</translation>
    </message>
    <message>
        <location filename="../data/privacy.py" line="811"/>
        <source>Match-group memberships removed: {count}; match groups whose notes and advice were cleared: {groups}</source>
        <translation>Entfernte Mitgliedschaften in Gruppen: {count}; Gruppen, deren Notizen und Beratungstexte geleert wurden: {groups}</translation>
    </message>
    <message>
        <location filename="../data/privacy.py" line="813"/>
        <source>Mentions replaced in other texts: {count}; cached geocoder answers deleted: {cache}</source>
        <translation>Ersetzte Erwähnungen in anderen Texten: {count}; gelöschte zwischengespeicherte Geocoder-Antworten: {cache}</translation>
    </message>
    <message>
        <location filename="../data/privacy.py" line="816"/>
        <source>Audit-log entries pseudonymised: {count}</source>
        <translation>Pseudonymisierte Einträge im Änderungsprotokoll: {count}</translation>
    </message>
    <message>
        <location filename="../data/privacy.py" line="820"/>
        <source>Backup copies made earlier still hold the data; delete them or forget the participant there too: {files}</source>
        <translation>Früher angelegte Sicherungskopien enthalten die Daten noch; löschen Sie sie oder löschen Sie die Person auch dort: {files}</translation>
    </message>
    <message>
        <location filename="../data/privacy.py" line="852"/>
        <source>The file was rebuilt: no erased data is left in free pages.</source>
        <translation>Die Datei wurde neu aufgebaut: In freien Seiten sind keine gelöschten Daten mehr.</translation>
    </message>
    <message>
        <location filename="../data/privacy.py" line="853"/>
        <source>The file could not be rebuilt now (it is in use): what was erased has been overwritten, but copies left by earlier edits may remain in free space until the file is rebuilt. Run purge later.</source>
        <translation>Die Datei konnte jetzt nicht neu aufgebaut werden (sie wird benutzt): Das Gelöschte wurde überschrieben, aber Kopien aus früheren Bearbeitungen können bis zum Neuaufbau in freiem Speicher bleiben. Führen Sie später „purge“ aus.</translation>
    </message>
    <message>
        <location filename="../data/privacy.py" line="861"/>
        <source>Contact data, after all of a participant&apos;s proposals are closed</source>
        <translation>Kontaktdaten, nachdem alle Vorschläge einer Person abgeschlossen sind</translation>
    </message>
    <message>
        <location filename="../data/privacy.py" line="862"/>
        <source>Rejected or withdrawn proposals (texts, point, link to the participant)</source>
        <translation>Abgelehnte oder zurückgezogene Vorschläge (Texte, Punkt, Verknüpfung zur Person)</translation>
    </message>
    <message>
        <location filename="../data/privacy.py" line="863"/>
        <source>Cached answers of the web geocoder</source>
        <translation>Zwischengespeicherte Antworten des Web-Geocoders</translation>
    </message>
    <message>
        <location filename="../data/privacy.py" line="869"/>
        <source>{rule}: switched off</source>
        <translation>{rule}: ausgeschaltet</translation>
    </message>
    <message>
        <location filename="../data/privacy.py" line="870"/>
        <source>{rule}: {months} months (last changed before {cutoff}): {count} due</source>
        <translation>{rule}: {months} Monate (zuletzt geändert vor dem {cutoff}): {count} fällig</translation>
    </message>
    <message>
        <location filename="../data/privacy.py" line="878"/>
        <source>Dry run: nothing was changed.</source>
        <translation>Probelauf: Nichts wurde geändert.</translation>
    </message>
    <message>
        <location filename="../data/privacy.py" line="881"/>
        <source>Nothing was due; no record was changed.</source>
        <translation>Nichts war fällig; kein Datensatz wurde geändert.</translation>
    </message>
    <message>
        <location filename="../data/pg_store.py" line="77"/>
        <source>Cannot connect to the PostgreSQL database {name}: {detail}</source>
        <translation>Keine Verbindung zur PostgreSQL-Datenbank {name}: {detail}</translation>
    </message>
    <message>
        <location filename="../data/pg_store.py" line="84"/>
        <source>{name} has no MitMach participation database in the schema {schema}.</source>
        <translation>{name} enthält im Schema {schema} keine MitMach-Beteiligungsdatenbank.</translation>
    </message>
    <message>
        <location filename="../data/pg_store.py" line="93"/>
        <source>The schema {schema} in {name} holds something other than a MitMach participation database; MitMach will not replace it.</source>
        <translation>Das Schema {schema} in {name} enthält etwas anderes als eine MitMach-Beteiligungsdatenbank; MitMach ersetzt es nicht.</translation>
    </message>
    <message>
        <location filename="../data/pg_store.py" line="103"/>
        <source>The PostgreSQL database {name} has no PostGIS; a database administrator can add it with CREATE EXTENSION postgis.</source>
        <translation>Die PostgreSQL-Datenbank {name} hat kein PostGIS; die Datenbankadministration kann es mit CREATE EXTENSION postgis hinzufügen.</translation>
    </message>
    <message>
        <location filename="../data/pg_store.py" line="113"/>
        <source>There is no PostgreSQL connection named {name} in QGIS.</source>
        <translation>In QGIS gibt es keine PostgreSQL-Verbindung namens {name}.</translation>
    </message>
    <message>
        <location filename="../data/pg_store.py" line="119"/>
        <source>{schema} is not a valid schema name: use lower-case letters, digits and _ (at most 63 characters).</source>
        <translation>{schema} ist kein gültiger Schemaname: erlaubt sind Kleinbuchstaben, Ziffern und _ (höchstens 63 Zeichen).</translation>
    </message>
    <message>
        <location filename="../data/pg_store.py" line="126"/>
        <source>The coordinate system {crs} is not known to the PostGIS database {name}.</source>
        <translation>Das Koordinatenbezugssystem {crs} ist der PostGIS-Datenbank {name} nicht bekannt.</translation>
    </message>
    <message>
        <location filename="../data/pg_store.py" line="135"/>
        <source>You are not allowed to make this change in {name}: {detail}</source>
        <translation>Sie haben keine Berechtigung für diese Änderung in {name}: {detail}</translation>
    </message>
    <message>
        <location filename="../cli.py" line="360"/>
        <source>create a new participation database (GeoPackage or PostGIS)</source>
        <translation>eine neue Beteiligungsdatenbank (GeoPackage oder PostGIS) anlegen</translation>
    </message>
    <message>
        <location filename="../cli.py" line="361"/>
        <source>the GeoPackage file or PostgreSQL database (postgresql://…?schema=mitmach, service=…) to create</source>
        <translation>die anzulegende GeoPackage-Datei oder PostgreSQL-Datenbank (postgresql://…?schema=mitmach, service=…)</translation>
    </message>
    <message>
        <location filename="../cli.py" line="372"/>
        <source>replace an existing file or MitMach schema</source>
        <translation>eine vorhandene Datei oder ein vorhandenes MitMach-Schema ersetzen</translation>
    </message>
    <message>
        <location filename="../cli.py" line="390"/>
        <source>copy a whole participation database: GeoPackage to PostGIS and back, verified</source>
        <translation>eine ganze Beteiligungsdatenbank kopieren: GeoPackage nach PostGIS und zurück, geprüft</translation>
    </message>
    <message>
        <location filename="../cli.py" line="393"/>
        <source>the participation database to copy (only read)</source>
        <translation>die zu kopierende Beteiligungsdatenbank (wird nur gelesen)</translation>
    </message>
    <message>
        <location filename="../cli.py" line="394"/>
        <source>the new GeoPackage file or PostgreSQL database</source>
        <translation>die neue GeoPackage-Datei oder PostgreSQL-Datenbank</translation>
    </message>
    <message>
        <location filename="../cli.py" line="395"/>
        <source>replace an existing destination (only when the copy succeeds)</source>
        <translation>ein vorhandenes Ziel ersetzen (nur wenn das Kopieren gelingt)</translation>
    </message>
    <message>
        <location filename="../data/transfer.py" line="64"/>
        <source>{name} has schema version {found}; this MitMach moves databases of version {supported} only. Open it once with this version of MitMach to upgrade it, then move it.</source>
        <translation>{name} hat die Schemaversion {found}; diese MitMach-Version verschiebt nur Datenbanken der Version {supported}. Öffnen Sie sie einmal mit dieser MitMach-Version, um sie zu aktualisieren, und verschieben Sie sie dann.</translation>
    </message>
    <message>
        <location filename="../data/transfer.py" line="74"/>
        <source>The source and the destination are the same database ({name}).</source>
        <translation>Quelle und Ziel sind dieselbe Datenbank ({name}).</translation>
    </message>
    <message>
        <location filename="../data/transfer.py" line="80"/>
        <source>Copying the table {table} to {name} failed; nothing was written: {detail}</source>
        <translation>Das Kopieren der Tabelle {table} nach {name} ist fehlgeschlagen; es wurde nichts geschrieben: {detail}</translation>
    </message>
    <message>
        <location filename="../data/transfer.py" line="89"/>
        <source>The copy of the table {table} in {name} does not match the source ({source} rows, {copied} copied); nothing was written.</source>
        <translation>Die Kopie der Tabelle {table} in {name} stimmt nicht mit der Quelle überein ({source} Zeilen, {copied} kopiert); es wurde nichts geschrieben.</translation>
    </message>
    <message>
        <location filename="../data/transfer.py" line="124"/>
        <source>Copied {source} to {destination} in {seconds:.1f} s; every table verified (rows):</source>
        <translation>{source} nach {destination} kopiert in {seconds:.1f} s; jede Tabelle geprüft (Zeilen):</translation>
    </message>
    <message>
        <location filename="../data/pg_layers.py" line="50"/>
        <source>The connection to {name} contains a password, and MitMach never writes a password into a layer or a project. Save the connection in QGIS (Data Source Manager ▸ PostgreSQL) with a configuration of QGIS's authentication database, or use a service file (service=NAME), then open it by that name.</source>
        <translation>Die Verbindung zu {name} enthält ein Passwort, und MitMach schreibt nie ein Passwort in einen Layer oder ein Projekt. Speichern Sie die Verbindung in QGIS (Datenquellenverwaltung ▸ PostgreSQL) mit einer Konfiguration der QGIS-Authentifizierungsdatenbank oder nutzen Sie eine Service-Datei (service=NAME) und öffnen Sie sie dann unter diesem Namen.</translation>
    </message>
    <message>
        <location filename="../data/pg_layers.py" line="62"/>
        <source>The layer “{table}” of {name} cannot be opened: {detail}</source>
        <translation>Der Layer „{table}“ von {name} lässt sich nicht öffnen: {detail}</translation>
    </message>
    <message>
        <location filename="../data/pg_layers.py" line="62"/>
        <source>QGIS gives no reason.</source>
        <translation>QGIS nennt keinen Grund.</translation>
    </message>
    <message>
        <location filename="../cli.py" line="126"/>
        <source>--roles is for a PostgreSQL database; a GeoPackage file has no roles.</source>
        <translation>--roles gilt für eine PostgreSQL-Datenbank; eine GeoPackage-Datei hat keine Rollen.</translation>
    </message>
    <message>
        <location filename="../cli.py" line="300"/>
        <source>OUTDIR is a folder for the maps and reports; give the database with --database.</source>
        <translation>OUTDIR ist ein Ordner für die Karten und Berichte; geben Sie die Datenbank mit --database an.</translation>
    </message>
    <message>
        <location filename="../cli.py" line="375"/>
        <source>PostgreSQL: also set up the roles mitmach_officer, mitmach_planner and mitmach_public (needs CREATEROLE)</source>
        <translation>PostgreSQL: auch die Rollen mitmach_officer, mitmach_planner und mitmach_public einrichten (braucht CREATEROLE)</translation>
    </message>
    <message>
        <location filename="../cli.py" line="480"/>
        <source>where the demo database goes: a GeoPackage file or a PostgreSQL database (default: OUTDIR/mitmach-demo.gpkg)</source>
        <translation>wohin die Demo-Datenbank kommt: eine GeoPackage-Datei oder eine PostgreSQL-Datenbank (Standard: OUTDIR/mitmach-demo.gpkg)</translation>
    </message>
    <message>
        <location filename="../cli.py" line="487"/>
        <source>replace an existing MitMach schema on PostgreSQL</source>
        <translation>ein bestehendes MitMach-Schema in PostgreSQL ersetzen</translation>
    </message>
    <message>
        <location filename="../data/errors.py" line="110"/>
        <source>The database did not accept the change of {records}, so nothing was changed: a row-level security policy or a missing permission keeps you from changing it. Ask the database administrator.</source>
        <translation>Die Datenbank hat die Änderung von {records} nicht angenommen, daher wurde nichts geändert: Eine Row-Level-Security-Regel oder eine fehlende Berechtigung verhindert die Änderung. Fragen Sie die Datenbankadministration.</translation>
    </message>
    <message>
        <location filename="../data/matches.py" line="393"/>
        <source>Your login to {name} is not allowed to read the participants&apos; contact details (only officers are), so no contact texts can be made. Match groups can be recorded all the same; ask an officer to send the contact texts.</source>
        <translation>Ihre Anmeldung bei {name} darf die Kontaktdaten der Teilnehmenden nicht lesen (das dürfen nur Sachbearbeiterinnen und Sachbearbeiter), daher können keine Kontakttexte erstellt werden. Gruppen können trotzdem erfasst werden; bitten Sie eine Sachbearbeiterin oder einen Sachbearbeiter, die Kontakttexte zu versenden.</translation>
    </message>
    <message>
        <location filename="../data/privacy.py" line="829"/>
        <source>Copies in the write-ahead log, its archive, replicas and backups remain until the database administrator&apos;s retention removes them.</source>
        <translation>Kopien im Write-Ahead-Log, in dessen Archiv, in Replikaten und Sicherungen bleiben erhalten, bis die Aufbewahrungsregeln der Datenbankadministration sie entfernen.</translation>
    </message>
    <message>
        <location filename="../data/privacy.py" line="834"/>
        <source>The tables were vacuumed: the old versions of the erased rows can no longer be read and their space is free for reuse.</source>
        <translation>Die Tabellen wurden bereinigt (VACUUM): Die alten Versionen der gelöschten Zeilen sind nicht mehr lesbar, ihr Platz ist zur Wiederverwendung frei.</translation>
    </message>
    <message>
        <location filename="../data/privacy.py" line="842"/>
        <source>Not vacuumed now: {tables} (VACUUM is for the table&apos;s owner, or the table was in use). PostgreSQL keeps the old versions of the erased rows until autovacuum or the database administrator reclaims the space.</source>
        <translation>Jetzt nicht bereinigt (VACUUM): {tables} (VACUUM darf nur der Eigentümer der Tabelle ausführen, oder die Tabelle war in Benutzung). PostgreSQL behält die alten Versionen der gelöschten Zeilen, bis Autovacuum oder die Datenbankadministration den Platz freigibt.</translation>
    </message>
    <message>
        <location filename="../cli.py" line="132"/>
        <source>The roles mitmach_officer, mitmach_planner and mitmach_public are set up on {path}.</source>
        <translation>Die Rollen mitmach_officer, mitmach_planner und mitmach_public sind in {path} eingerichtet.</translation>
    </message>
    <message>
        <location filename="../cli.py" line="384"/>
        <source>PostgreSQL: set up or renew the MitMach roles and their grants (needs CREATEROLE)</source>
        <translation>PostgreSQL: die MitMach-Rollen und ihre Rechte einrichten oder erneuern (braucht CREATEROLE)</translation>
    </message>
</context>
<context>
    <name>ContactTextDialog</name>
    <message>
        <location filename="../gui/matching_dock.py" line="884"/>
        <source>Contact texts</source>
        <translation>Kontakttexte</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="896"/>
        <source>Texts for the members who consented to contact exchange. They contain personal data: copy or save them only to send them. MitMach does not store them.</source>
        <translation>Texte für die Mitglieder, die in den Kontaktaustausch eingewilligt haben. Sie enthalten personenbezogene Daten: Kopieren oder speichern Sie sie nur zum Versenden. MitMach speichert sie nicht.</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="906"/>
        <source>German</source>
        <translation>Deutsch</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="907"/>
        <source>English</source>
        <translation>Englisch</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="908"/>
        <source>Language of the text</source>
        <translation>Sprache des Textes</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="910"/>
        <source>Council, contact person, phone (fills the closing)</source>
        <translation>Verwaltung, Ansprechperson, Telefon (für die Grußformel)</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="911"/>
        <source>Sender</source>
        <translation>Absender</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="918"/>
        <source>Recipients (tick those you sent the text to)</source>
        <translation>Empfänger (haken Sie an, wem Sie den Text geschickt haben)</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="1126"/>
        <source>The contact details were exchanged already.</source>
        <translation>Die Kontaktdaten wurden bereits ausgetauscht.</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="936"/>
        <source>Copy to clipboard</source>
        <translation>In die Zwischenablage kopieren</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="937"/>
        <source>Save to file…</source>
        <translation>In Datei speichern…</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="938"/>
        <source>Record as sent</source>
        <translation>Als versendet vermerken</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="939"/>
        <source>Mark the contact details of the ticked recipients as exchanged</source>
        <translation>Die Kontaktdaten der angehakten Empfänger als ausgetauscht vermerken</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="1056"/>
        <source>Nobody in this group can be sent contact details.</source>
        <translation>Niemand in dieser Gruppe kann Kontaktdaten erhalten.</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="998"/>
        <source>Send to:</source>
        <translation>Senden an:</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="1000"/>
        <source>E-mail: {email}</source>
        <translation>E-Mail: {email}</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="1002"/>
        <source>Phone: {phone}</source>
        <translation>Telefon: {phone}</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="1004"/>
        <source>Address: {address}</source>
        <translation>Anschrift: {address}</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="1006"/>
        <source>no contact details recorded</source>
        <translation>keine Kontaktdaten erfasst</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="1011"/>
        <source>Every member of the group is included.</source>
        <translation>Alle Mitglieder der Gruppe sind einbezogen.</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="1012"/>
        <source>Not included (nothing of theirs is passed on):</source>
        <translation>Nicht einbezogen (von ihnen wird nichts weitergegeben):</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="1019"/>
        <source>• {themes} (proposal {proposal}): {reason}</source>
        <translation>• {themes} (Vorschlag {proposal}): {reason}</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="1070"/>
        <source>The text is on the clipboard.</source>
        <translation>Der Text ist in der Zwischenablage.</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="1083"/>
        <source>Save contact text</source>
        <translation>Kontakttext speichern</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="1083"/>
        <source>Text files (*.txt)</source>
        <translation>Textdateien (*.txt)</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="1091"/>
        <source>The text could not be saved: {detail}</source>
        <translation>Der Text konnte nicht gespeichert werden: {detail}</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="1096"/>
        <source>The text was saved to {path}.</source>
        <translation>Der Text wurde in {path} gespeichert.</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="1110"/>
        <source>Tick the recipients you sent the text to.</source>
        <translation>Haken Sie die Empfänger an, denen Sie den Text geschickt haben.</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="1129"/>
        <source>Contact exchange recorded for {count} proposals.</source>
        <translation>Kontaktaustausch für {count} Vorschläge vermerkt.</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="1057"/>
        <source>A member&apos;s consent changed meanwhile: the texts were made again. Check them, then copy or save.</source>
        <translation>Die Einwilligung eines Mitglieds hat sich inzwischen geändert: Die Texte wurden neu erstellt. Prüfen Sie sie, dann kopieren oder speichern Sie sie.</translation>
    </message>
</context>
<context>
    <name>CreateDatabaseAlgorithm</name>
    <message>
        <location filename="../processing_provider/create_database.py" line="29"/>
        <source>Create participation database</source>
        <translation>Beteiligungsdatenbank anlegen</translation>
    </message>
    <message>
        <location filename="../processing_provider/create_database.py" line="32"/>
        <source>Database</source>
        <translation>Datenbank</translation>
    </message>
    <message>
        <location filename="../processing_provider/create_database.py" line="51"/>
        <source>Participation database</source>
        <translation>Beteiligungsdatenbank</translation>
    </message>
    <message>
        <location filename="../processing_provider/create_database.py" line="51"/>
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../processing_provider/create_database.py" line="56"/>
        <source>Coordinate reference system</source>
        <translation>Koordinatenbezugssystem</translation>
    </message>
    <message>
        <location filename="../processing_provider/create_database.py" line="61"/>
        <source>Participation area</source>
        <translation>Beteiligungsgebiet</translation>
    </message>
    <message>
        <location filename="../processing_provider/create_database.py" line="66"/>
        <source>Overwrite an existing file</source>
        <translation>Eine vorhandene Datei überschreiben</translation>
    </message>
    <message>
        <location filename="../processing_provider/create_database.py" line="107"/>
        <source>Created {path}</source>
        <translation>{path} angelegt</translation>
    </message>
    <message>
        <location filename="../processing_provider/create_database.py" line="38"/>
        <source>Creates a MitMach participation database: a GeoPackage with the tables for participants, proposals, themes, matches, participation areas, an address gazetteer and the audit log, the built-in theme catalogue, default styles and forms, and a QGIS project stored inside the file.

The coordinate system must be projected and in metres (default ETRS89 / UTM 32N, EPSG:25832). An optional polygon layer becomes the participation area.

PostGIS: give a QGIS PostgreSQL connection name, service=NAME or postgresql://user@host/database (optionally with schema=NAME, default mitmach) as the output instead of a file. The database must have PostGIS. Overwriting replaces an existing MitMach schema only. The MitMach roles are set up only when asked (the login needs CREATEROLE).</source>
        <translation>Legt eine MitMach-Beteiligungsdatenbank an: ein GeoPackage mit den Tabellen für Teilnehmende, Vorschläge, Themen, Matches, Beteiligungsgebiete, ein Adressverzeichnis und das Änderungsprotokoll, dem eingebauten Themenkatalog, Standardstilen und -formularen sowie einem in der Datei gespeicherten QGIS-Projekt.

Das Koordinatensystem muss projiziert sein und in Metern rechnen (Standard ETRS89 / UTM 32N, EPSG:25832). Ein optionaler Polygonlayer wird zum Beteiligungsgebiet.

PostGIS: Geben Sie statt einer Datei den Namen einer QGIS-PostgreSQL-Verbindung, service=NAME oder postgresql://benutzer@host/datenbank (optional mit schema=NAME, Standard mitmach) als Ausgabe an. Die Datenbank muss PostGIS haben. Überschreiben ersetzt nur ein bestehendes MitMach-Schema. Die MitMach-Rollen werden nur auf Wunsch eingerichtet (die Anmeldung braucht CREATEROLE).</translation>
    </message>
    <message>
        <location filename="../processing_provider/create_database.py" line="69"/>
        <source>PostGIS: set up the MitMach roles (needs CREATEROLE)</source>
        <translation>PostGIS: MitMach-Rollen einrichten (braucht CREATEROLE)</translation>
    </message>
</context>
<context>
    <name>DatabaseController</name>
    <message>
        <location filename="../gui/database_controller.py" line="93"/>
        <source>Open participation database</source>
        <translation>Beteiligungsdatenbank öffnen</translation>
    </message>
    <message>
        <location filename="../gui/database_controller.py" line="111"/>
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../gui/database_controller.py" line="222"/>
        <source>New participation database</source>
        <translation>Neue Beteiligungsdatenbank</translation>
    </message>
    <message>
        <location filename="../gui/database_controller.py" line="164"/>
        <source>{path} exists already. Replace it with a new, empty participation database?</source>
        <translation>{path} gibt es schon. Durch eine neue, leere Beteiligungsdatenbank ersetzen?</translation>
    </message>
    <message>
        <location filename="../gui/database_controller.py" line="271"/>
        <source>The database was upgraded to the current version; the old version is kept as {backup}.</source>
        <translation>Die Datenbank wurde auf die aktuelle Version gebracht; die alte Version ist als {backup} gesichert.</translation>
    </message>
    <message>
        <location filename="../gui/database_controller.py" line="278"/>
        <source>This database is on a network drive. Turn off QGIS's WAL mode for SQLite files (Settings ▸ Options ▸ Data Sources) on every computer that edits it, or edits can be lost.</source>
        <translation>Diese Datenbank liegt auf einem Netzlaufwerk. Schalten Sie den WAL-Modus für SQLite-Dateien in QGIS (Einstellungen ▸ Optionen ▸ Datenquellen) auf jedem Rechner aus, der sie bearbeitet, sonst können Änderungen verloren gehen.</translation>
    </message>
    <message>
        <location filename="../gui/database_controller.py" line="353"/>
        <source>MitMach</source>
        <translation>MitMach</translation>
    </message>
    <message>
        <location filename="../gui/database_controller.py" line="138"/>
        <source>Open or create a participation database first.</source>
        <translation>Öffnen oder erstellen Sie zuerst eine Beteiligungsdatenbank.</translation>
    </message>
    <message>
        <location filename="../gui/database_controller.py" line="111"/>
        <source>Back up participation database</source>
        <translation>Beteiligungsdatenbank sichern</translation>
    </message>
    <message>
        <location filename="../gui/database_controller.py" line="144"/>
        <source>Choose another file for the backup than the database itself.</source>
        <translation>Wählen Sie für die Sicherung eine andere Datei als die Datenbank selbst.</translation>
    </message>
    <message>
        <location filename="../gui/database_controller.py" line="153"/>
        <source>MitMach: backing up the participation database</source>
        <translation>MitMach: Beteiligungsdatenbank sichern</translation>
    </message>
    <message>
        <location filename="../gui/database_controller.py" line="158"/>
        <source>Backup written to {path}.</source>
        <translation>Sicherung in {path} geschrieben.</translation>
    </message>
    <message>
        <location filename="../gui/database_controller.py" line="305"/>
        <source>MitMach: opening the participation database</source>
        <translation>MitMach: Beteiligungsdatenbank öffnen</translation>
    </message>
    <message>
        <location filename="../gui/database_controller.py" line="55"/>
        <source>GeoPackage file…</source>
        <translation>GeoPackage-Datei…</translation>
    </message>
    <message>
        <location filename="../gui/database_controller.py" line="55"/>
        <source>PostGIS (connection name or service)…</source>
        <translation>PostGIS (Verbindungsname oder Service)…</translation>
    </message>
    <message>
        <location filename="../gui/database_controller.py" line="56"/>
        <source>Where is the participation database?</source>
        <translation>Wo liegt die Beteiligungsdatenbank?</translation>
    </message>
    <message>
        <location filename="../gui/database_controller.py" line="76"/>
        <source>A PostgreSQL connection of QGIS (with its login in the authentication database), or service=NAME (optionally with schema=NAME; default schema: mitmach):</source>
        <translation>Eine PostgreSQL-Verbindung von QGIS (mit der Anmeldung in der Authentifizierungsdatenbank) oder service=NAME (optional mit schema=NAME; Standardschema: mitmach):</translation>
    </message>
    <message>
        <location filename="../gui/database_controller.py" line="122"/>
        <source>{name} is a PostgreSQL database: MitMach does not copy it. Its administrator backs it up with the server&apos;s own tools (pg_dump, or the server&apos;s backup); ask them before large changes.</source>
        <translation>{name} ist eine PostgreSQL-Datenbank: MitMach kopiert sie nicht. Ihre Administration sichert sie mit den Werkzeugen des Servers (pg_dump oder die Sicherung des Servers); fragen Sie dort vor größeren Änderungen nach.</translation>
    </message>
    <message>
        <location filename="../gui/database_controller.py" line="211"/>
        <source>MitMach: creating the participation database</source>
        <translation>MitMach: Beteiligungsdatenbank wird angelegt</translation>
    </message>
    <message>
        <location filename="../gui/database_controller.py" line="222"/>
        <source>{name} holds a participation database already. Replace it with a new, empty one? Everything in it is lost.</source>
        <translation>{name} enthält bereits eine Beteiligungsdatenbank. Durch eine neue, leere ersetzen? Alles darin geht verloren.</translation>
    </message>
</context>
<context>
    <name>EditGuard</name>
    <message>
        <location filename="../gui/edit_guard.py" line="263"/>
        <source>and {count} more</source>
        <translation>und {count} weitere</translation>
    </message>
    <message>
        <location filename="../gui/edit_guard.py" line="176"/>
        <source>“{layer}”: you saved over changes someone else had saved meanwhile — {changes}. Both changes are in the audit trail; check these records.</source>
        <translation>„{layer}“: Sie haben Änderungen überschrieben, die jemand anderes inzwischen gespeichert hatte – {changes}. Beide Änderungen stehen im Protokoll; prüfen Sie diese Datensätze.</translation>
    </message>
    <message>
        <location filename="../gui/edit_guard.py" line="275"/>
        <source>MitMach</source>
        <translation>MitMach</translation>
    </message>
    <message>
        <location filename="../gui/edit_guard.py" line="260"/>
        <source>feature {fid}</source>
        <translation>Objekt {fid}</translation>
    </message>
    <message>
        <location filename="../gui/edit_guard.py" line="264"/>
        <source>“{layer}”: {count} changes were not saved: the database did not accept them (row-level security or a permission), although QGIS reported the save as successful. Records: {records}. Reload the layer to see what is stored, and ask the database administrator if you should be allowed to change them.</source>
        <translation>„{layer}“: {count} Änderungen wurden nicht gespeichert: Die Datenbank hat sie nicht angenommen (Row-Level-Security oder eine Berechtigung), obwohl QGIS das Speichern als erfolgreich gemeldet hat. Datensätze: {records}. Laden Sie den Layer neu, um zu sehen, was gespeichert ist, und fragen Sie die Datenbankadministration, falls Sie diese Datensätze ändern dürfen sollten.</translation>
    </message>
</context>
<context>
    <name>ExportPublicMapAlgorithm</name>
    <message>
        <location filename="../processing_provider/export_public_map.py" line="55"/>
        <source>Export the public map</source>
        <translation>Öffentliche Karte exportieren</translation>
    </message>
    <message>
        <location filename="../processing_provider/export_public_map.py" line="58"/>
        <source>Publication</source>
        <translation>Veröffentlichung</translation>
    </message>
    <message>
        <location filename="../processing_provider/export_public_map.py" line="64"/>
        <source>Exports an anonymised map of the participation database for the council website and public meetings: PDF, PNG and SVG from a print layout (A4 or A3, portrait or landscape), optionally an atlas with an overview page and one page per theme in one PDF, and an interactive web map.

Only checked, matched and implemented proposals of participants who consented to the public map are shown, aggregated into hexagon cells; a cell with fewer than k participants is not shown, and every figure is a class (e.g. 4–9), never an exact count. k and the cell size come from the database (at least 4 and 100 m) unless given. Every layer on the map, the background included, is checked before anything is written: a layer with names, addresses, contacts or exact points stops the export. Streets and buildings of the database are drawn for orientation only.

The files are public-map.pdf, public-map.png, public-map.svg, public-atlas.pdf and the folder webmap in the output folder; nothing is left half-written when the export fails.</source>
        <translation>Exportiert eine anonymisierte Karte der Beteiligungsdatenbank für die Website der Stadt und öffentliche Veranstaltungen: PDF, PNG und SVG aus einem Drucklayout (A4 oder A3, Hoch- oder Querformat), auf Wunsch einen Atlas mit einer Übersichtsseite und einer Seite je Thema in einem PDF sowie eine interaktive Webkarte.

Gezeigt werden nur geprüfte, vermittelte und umgesetzte Vorschläge von Teilnehmenden, die der öffentlichen Karte zugestimmt haben, zusammengefasst in Sechseckzellen; eine Zelle mit weniger als k Teilnehmenden wird nicht gezeigt, und jede Zahl ist eine Klasse (z. B. 4–9), nie eine genaue Anzahl. k und die Zellgröße stammen aus der Datenbank (mindestens 4 und 100 m), sofern nicht angegeben. Jede Ebene der Karte, auch der Hintergrund, wird geprüft, bevor etwas geschrieben wird: eine Ebene mit Namen, Adressen, Kontaktdaten oder genauen Standorten bricht den Export ab. Straßen und Gebäude der Datenbank dienen nur der Orientierung.

Die Dateien heißen public-map.pdf, public-map.png, public-map.svg, public-atlas.pdf und der Ordner webmap im Ausgabeordner; schlägt der Export fehl, bleibt nichts halb geschrieben zurück.</translation>
    </message>
    <message>
        <location filename="../processing_provider/export_public_map.py" line="81"/>
        <source>Formats</source>
        <translation>Formate</translation>
    </message>
    <message>
        <location filename="../processing_provider/export_public_map.py" line="81"/>
        <source>PDF</source>
        <translation>PDF</translation>
    </message>
    <message>
        <location filename="../processing_provider/export_public_map.py" line="81"/>
        <source>PNG</source>
        <translation>PNG</translation>
    </message>
    <message>
        <location filename="../processing_provider/export_public_map.py" line="81"/>
        <source>SVG</source>
        <translation>SVG</translation>
    </message>
    <message>
        <location filename="../processing_provider/export_public_map.py" line="154"/>
        <source>Web map</source>
        <translation>Webkarte</translation>
    </message>
    <message>
        <location filename="../processing_provider/export_public_map.py" line="90"/>
        <source>Atlas: an overview page and one page per theme (PDF)</source>
        <translation>Atlas: eine Übersichtsseite und eine Seite je Thema (PDF)</translation>
    </message>
    <message>
        <location filename="../processing_provider/export_public_map.py" line="97"/>
        <source>Hexagon cell size in m (0 = the database&apos;s, at least 100)</source>
        <translation>Größe der Sechseckzellen in m (0 = aus der Datenbank, mindestens 100)</translation>
    </message>
    <message>
        <location filename="../processing_provider/export_public_map.py" line="106"/>
        <source>Minimum participants per cell, k (0 = the database&apos;s, at least 4)</source>
        <translation>Mindestzahl Teilnehmender je Zelle, k (0 = aus der Datenbank, mindestens 4)</translation>
    </message>
    <message>
        <location filename="../processing_provider/export_public_map.py" line="115"/>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <location filename="../processing_provider/export_public_map.py" line="116"/>
        <source>Language of the map</source>
        <translation>Sprache der Karte</translation>
    </message>
    <message>
        <location filename="../processing_provider/export_public_map.py" line="116"/>
        <source>German</source>
        <translation>Deutsch</translation>
    </message>
    <message>
        <location filename="../processing_provider/export_public_map.py" line="116"/>
        <source>English</source>
        <translation>Englisch</translation>
    </message>
    <message>
        <location filename="../processing_provider/export_public_map.py" line="124"/>
        <source>Page</source>
        <translation>Seite</translation>
    </message>
    <message>
        <location filename="../processing_provider/export_public_map.py" line="124"/>
        <source>A4 portrait</source>
        <translation>A4 Hochformat</translation>
    </message>
    <message>
        <location filename="../processing_provider/export_public_map.py" line="124"/>
        <source>A4 landscape</source>
        <translation>A4 Querformat</translation>
    </message>
    <message>
        <location filename="../processing_provider/export_public_map.py" line="124"/>
        <source>A3 portrait</source>
        <translation>A3 Hochformat</translation>
    </message>
    <message>
        <location filename="../processing_provider/export_public_map.py" line="124"/>
        <source>A3 landscape</source>
        <translation>A3 Querformat</translation>
    </message>
    <message>
        <location filename="../processing_provider/export_public_map.py" line="137"/>
        <source>Resolution (dpi)</source>
        <translation>Auflösung (dpi)</translation>
    </message>
    <message>
        <location filename="../processing_provider/export_public_map.py" line="147"/>
        <source>Output folder</source>
        <translation>Ausgabeordner</translation>
    </message>
    <message>
        <location filename="../processing_provider/export_public_map.py" line="150"/>
        <source>Public map (PDF)</source>
        <translation>Öffentliche Karte (PDF)</translation>
    </message>
    <message>
        <location filename="../processing_provider/export_public_map.py" line="151"/>
        <source>Public map (PNG)</source>
        <translation>Öffentliche Karte (PNG)</translation>
    </message>
    <message>
        <location filename="../processing_provider/export_public_map.py" line="152"/>
        <source>Public map (SVG)</source>
        <translation>Öffentliche Karte (SVG)</translation>
    </message>
    <message>
        <location filename="../processing_provider/export_public_map.py" line="153"/>
        <source>Atlas (PDF)</source>
        <translation>Atlas (PDF)</translation>
    </message>
    <message>
        <location filename="../processing_provider/export_public_map.py" line="155"/>
        <source>Cells published</source>
        <translation>Veröffentlichte Zellen</translation>
    </message>
    <message>
        <location filename="../processing_provider/export_public_map.py" line="156"/>
        <source>Cells not shown (fewer than k)</source>
        <translation>Nicht gezeigte Zellen (weniger als k)</translation>
    </message>
    <message>
        <location filename="../processing_provider/export_public_map.py" line="159"/>
        <source>Participants left out (no consent)</source>
        <translation>Nicht berücksichtigte Teilnehmende (ohne Zustimmung)</translation>
    </message>
    <message>
        <location filename="../processing_provider/export_public_map.py" line="184"/>
        <source>{published} cells published, {suppressed} cells with fewer than {k} participants not shown, {left_out} participants left out without consent.</source>
        <translation>{published} Zellen veröffentlicht, {suppressed} Zellen mit weniger als {k} Teilnehmenden nicht gezeigt, {left_out} Teilnehmende ohne Zustimmung nicht berücksichtigt.</translation>
    </message>
</context>
<context>
    <name>ExportPublicMapDialog</name>
    <message>
        <location filename="../gui/export_dialog.py" line="23"/>
        <source>Export public map</source>
        <translation>Öffentliche Karte exportieren</translation>
    </message>
    <message>
        <location filename="../gui/export_dialog.py" line="32"/>
        <source>Show the published cells on the map</source>
        <translation>Die veröffentlichten Zellen in der Karte zeigen</translation>
    </message>
    <message>
        <location filename="../gui/export_dialog.py" line="35"/>
        <source>Export…</source>
        <translation>Exportieren…</translation>
    </message>
    <message>
        <location filename="../gui/export_dialog.py" line="49"/>
        <source>The public map shows {published} hexagon cells of {size} m as classes of participants ({total} in all). {suppressed} cells with fewer than {k} participants and {themes} theme entries below {k} are not shown. {left_out} participants without consent to the public map are left out. No names, addresses or exact points are published.</source>
        <translation>Die öffentliche Karte zeigt {published} Sechseckzellen von {size} m mit Klassen der Teilnehmendenzahl ({total} insgesamt). {suppressed} Zellen mit weniger als {k} Teilnehmenden und {themes} Themeneinträge unter {k} werden nicht gezeigt. {left_out} Teilnehmende ohne Einwilligung in die öffentliche Karte sind nicht enthalten. Es werden keine Namen, Adressen oder genauen Standorte veröffentlicht.</translation>
    </message>
    <message>
        <location filename="../gui/export_dialog.py" line="86"/>
        <source>MitMach</source>
        <translation>MitMach</translation>
    </message>
</context>
<context>
    <name>FindMatchesAlgorithm</name>
    <message>
        <location filename="../processing_provider/find_matches.py" line="212"/>
        <source>Find matching proposals</source>
        <translation>Passende Vorschläge finden</translation>
    </message>
    <message>
        <location filename="../processing_provider/find_matches.py" line="215"/>
        <source>Matching</source>
        <translation>Matching</translation>
    </message>
    <message>
        <location filename="../processing_provider/find_matches.py" line="221"/>
        <source>Finds every pair of compatible proposals in a participation database and writes it as a line between the two proposals, with both uuids and themes, the score (0 to 1), the synergy they form and the distance in metres.

Two proposals are compatible when a rule of the database&apos;s theme compatibility table joins their themes, they lie within the rule&apos;s maximum distance, their planned years overlap or lie within the rule&apos;s tolerance, they belong to different participants, and both are checked or matched. The score combines the rule&apos;s weight, the distance, the overlap of the planned years and a bonus for the same building or block.

Maximum distance, when given, limits every rule further; minimum score drops weaker pairs. The output holds no personal data.</source>
        <translation>Findet alle Paare zueinander passender Vorschläge in einer Beteiligungsdatenbank und schreibt jedes als Linie zwischen den beiden Vorschlägen, mit beiden UUIDs und Themen, der Bewertung (0 bis 1), der Synergie, die sie bilden, und dem Abstand in Metern.

Zwei Vorschläge passen zueinander, wenn eine Regel der Verträglichkeitstabelle der Datenbank ihre Themen verbindet, sie innerhalb des Höchstabstands der Regel liegen, ihre geplanten Jahre sich überschneiden oder höchstens um die Toleranz der Regel auseinanderliegen, sie zu verschiedenen Teilnehmenden gehören und beide geprüft oder zugeordnet sind. Die Bewertung verbindet das Gewicht der Regel, den Abstand, die Überschneidung der geplanten Jahre und einen Bonus für dasselbe Gebäude oder denselben Block.

Ein angegebener Höchstabstand begrenzt jede Regel zusätzlich; eine Mindestbewertung lässt schwächere Paare weg. Die Ausgabe enthält keine personenbezogenen Daten.</translation>
    </message>
    <message>
        <location filename="../processing_provider/find_matches.py" line="236"/>
        <source>Maximum distance in metres (empty: each rule&apos;s own)</source>
        <translation>Höchstabstand in Metern (leer: der Höchstabstand der jeweiligen Regel)</translation>
    </message>
    <message>
        <location filename="../processing_provider/find_matches.py" line="245"/>
        <source>Minimum score (0 to 1)</source>
        <translation>Mindestbewertung (0 bis 1)</translation>
    </message>
    <message>
        <location filename="../processing_provider/find_matches.py" line="255"/>
        <source>Matching pairs</source>
        <translation>Passende Paare</translation>
    </message>
    <message>
        <location filename="../processing_provider/find_matches.py" line="260"/>
        <source>Number of pairs</source>
        <translation>Anzahl der Paare</translation>
    </message>
    <message>
        <location filename="../processing_provider/find_matches.py" line="274"/>
        <source>{count} proposals read.</source>
        <translation>{count} Vorschläge gelesen.</translation>
    </message>
    <message>
        <location filename="../processing_provider/find_matches.py" line="302"/>
        <source>{count} matching pairs written.</source>
        <translation>{count} passende Paare geschrieben.</translation>
    </message>
</context>
<context>
    <name>ForgetParticipantDialog</name>
    <message>
        <location filename="../gui/privacy_dialog.py" line="177"/>
        <source>Forget participant</source>
        <translation>Teilnehmende Person löschen</translation>
    </message>
    <message>
        <location filename="../gui/privacy_dialog.py" line="128"/>
        <source>Erases the participant&apos;s personal data from the whole database (right to erasure): their record, the texts of their proposals, their match-group memberships, mentions in notes, cached addresses; the audit log keeps a pseudonym. Their proposals stay as anonymous ideas for the statistics. This cannot be undone.</source>
        <translation>Löscht die personenbezogenen Daten der Person aus der ganzen Datenbank (Recht auf Löschung): ihren Datensatz, die Texte ihrer Vorschläge, ihre Gruppenmitgliedschaften, Erwähnungen in Notizen, zwischengespeicherte Adressen; das Änderungsprotokoll behält ein Pseudonym. Ihre Vorschläge bleiben als anonyme Ideen für die Statistik erhalten. Das kann nicht rückgängig gemacht werden.</translation>
    </message>
    <message>
        <location filename="../gui/privacy_dialog.py" line="140"/>
        <source>UUID of the participant</source>
        <translation>UUID der teilnehmenden Person</translation>
    </message>
    <message>
        <location filename="../gui/privacy_dialog.py" line="146"/>
        <source>Forget participant…</source>
        <translation>Teilnehmende Person löschen…</translation>
    </message>
    <message>
        <location filename="../gui/privacy_dialog.py" line="168"/>
        <source>Forget participant {uuid}? Their {proposals} proposals stay as anonymous ideas ({open} open ones become withdrawn); notes of {groups} match groups are cleared. This cannot be undone.</source>
        <translation>Teilnehmende Person {uuid} löschen? Ihre {proposals} Vorschläge bleiben als anonyme Ideen erhalten ({open} offene werden zurückgezogen); die Notizen von {groups} Gruppen werden geleert. Das kann nicht rückgängig gemacht werden.</translation>
    </message>
    <message>
        <location filename="../gui/privacy_dialog.py" line="180"/>
        <source>Erasing…</source>
        <translation>Wird gelöscht…</translation>
    </message>
    <message>
        <location filename="../gui/privacy_dialog.py" line="186"/>
        <source>MitMach: forget participant</source>
        <translation>MitMach: teilnehmende Person löschen</translation>
    </message>
    <message>
        <location filename="../gui/privacy_dialog.py" line="198"/>
        <source>The participant&apos;s personal data were erased.</source>
        <translation>Die personenbezogenen Daten der Person wurden gelöscht.</translation>
    </message>
</context>
<context>
    <name>ImportSubmissionsAlgorithm</name>
    <message>
        <location filename="../processing_provider/import_submissions.py" line="39"/>
        <source>Import online submissions</source>
        <translation>Online-Einreichungen importieren</translation>
    </message>
    <message>
        <location filename="../processing_provider/import_submissions.py" line="42"/>
        <source>Intake</source>
        <translation>Erfassung</translation>
    </message>
    <message>
        <location filename="../processing_provider/import_submissions.py" line="48"/>
        <source>Imports the submissions of the online form (CSV with &quot;,&quot; or &quot;;&quot;, or a GeoJSON FeatureCollection) into a participation database: one participant and one proposal per theme, with status &quot;submitted&quot;.

Every row is checked (name, address, e-mail, phone, postcode, role, themes, planned years, consents). Rows with problems are skipped and listed with every reason in the optional report; the report holds no names, e-mail addresses or phone numbers. A submission is placed by its lat/lon when given, otherwise by its address; one outside the participation area is imported and flagged for the officer.

Importing the same file again adds nothing. The import is one transaction: when it is cancelled or the database is locked or read-only, nothing is written.</source>
        <translation>Importiert die Einreichungen des Online-Formulars (CSV mit „,“ oder „;“ oder eine GeoJSON-FeatureCollection) in eine Beteiligungsdatenbank: je Einreichung eine teilnehmende Person und je Thema ein Vorschlag, mit dem Status „eingereicht“.

Jede Zeile wird geprüft (Name, Adresse, E-Mail, Telefon, PLZ, Rolle, Themen, geplante Jahre, Einwilligungen). Zeilen mit Problemen werden übersprungen und im optionalen Bericht mit allen Gründen aufgeführt; der Bericht enthält keine Namen, E-Mail-Adressen oder Telefonnummern. Eine Einreichung wird über ihre lat/lon-Koordinaten verortet, sonst über ihre Adresse; liegt sie außerhalb des Beteiligungsgebiets, wird sie importiert und für die Sachbearbeitung markiert.

Ein erneuter Import derselben Datei fügt nichts hinzu. Der Import ist eine einzige Transaktion: Wird er abgebrochen oder ist die Datenbank gesperrt oder schreibgeschützt, wird nichts geschrieben.</translation>
    </message>
    <message>
        <location filename="../processing_provider/import_submissions.py" line="63"/>
        <source>Submissions (CSV or GeoJSON)</source>
        <translation>Einreichungen (CSV oder GeoJSON)</translation>
    </message>
    <message>
        <location filename="../processing_provider/import_submissions.py" line="63"/>
        <source>Submissions (*.csv *.geojson *.json);;CSV (*.csv);;GeoJSON (*.geojson *.json)</source>
        <translation>Einreichungen (*.csv *.geojson *.json);;CSV (*.csv);;GeoJSON (*.geojson *.json)</translation>
    </message>
    <message>
        <location filename="../processing_provider/import_submissions.py" line="73"/>
        <source>Import report</source>
        <translation>Importbericht</translation>
    </message>
    <message>
        <location filename="../processing_provider/import_submissions.py" line="73"/>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../processing_provider/import_submissions.py" line="89"/>
        <source>Geocoder URL</source>
        <translation>Geocoder-URL</translation>
    </message>
    <message>
        <location filename="../processing_provider/import_submissions.py" line="85"/>
        <source>Imported submissions</source>
        <translation>Importierte Einreichungen</translation>
    </message>
    <message>
        <location filename="../processing_provider/import_submissions.py" line="86"/>
        <source>Skipped rows</source>
        <translation>Übersprungene Zeilen</translation>
    </message>
    <message>
        <location filename="../processing_provider/import_submissions.py" line="87"/>
        <source>Duplicates</source>
        <translation>Duplikate</translation>
    </message>
    <message>
        <location filename="../processing_provider/import_submissions.py" line="88"/>
        <source>Proposals written</source>
        <translation>Geschriebene Vorschläge</translation>
    </message>
    <message>
        <location filename="../processing_provider/import_submissions.py" line="126"/>
        <source>Row {row} skipped: {reasons}</source>
        <translation>Zeile {row} übersprungen: {reasons}</translation>
    </message>
    <message>
        <location filename="../processing_provider/import_submissions.py" line="129"/>
        <source>{imported} submissions imported ({proposals} proposals), {duplicates} duplicates, {skipped} rows skipped.</source>
        <translation>{imported} Einreichungen importiert ({proposals} Vorschläge), {duplicates} Duplikate, {skipped} Zeilen übersprungen.</translation>
    </message>
    <message>
        <location filename="../processing_provider/import_submissions.py" line="141"/>
        <source>{count} imported submissions lie outside the participation area; they are flagged for review.</source>
        <translation>{count} importierte Einreichungen liegen außerhalb des Beteiligungsgebiets; sie sind zur Prüfung markiert.</translation>
    </message>
</context>
<context>
    <name>IntakeController</name>
    <message>
        <location filename="../gui/intake_controller.py" line="85"/>
        <source>MitMach</source>
        <translation>MitMach</translation>
    </message>
    <message>
        <location filename="../gui/intake_controller.py" line="50"/>
        <source>Open or create a participation database first.</source>
        <translation>Öffnen oder erstellen Sie zuerst eine Beteiligungsdatenbank.</translation>
    </message>
    <message>
        <location filename="../gui/intake_controller.py" line="85"/>
        <source>Saved {count} proposal(s).</source>
        <translation>{count} Vorschlag/Vorschläge gespeichert.</translation>
    </message>
</context>
<context>
    <name>MatchGroupDialog</name>
    <message>
        <location filename="../gui/matching_dock.py" line="832"/>
        <source>Create match group</source>
        <translation>Gruppe anlegen</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="834"/>
        <source>Proposals in the group: {count}</source>
        <translation>Vorschläge in der Gruppe: {count}</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="847"/>
        <source>Synergy</source>
        <translation>Synergie</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="849"/>
        <source>Advice for the members of the group</source>
        <translation>Beratungshinweis für die Gruppenmitglieder</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="851"/>
        <source>Advice</source>
        <translation>Beratungshinweis</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="853"/>
        <source>Internal notes, not sent to the participants</source>
        <translation>Interne Notizen, werden nicht an Teilnehmende gesendet</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="856"/>
        <source>Notes</source>
        <translation>Notizen</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="859"/>
        <source>Create</source>
        <translation>Anlegen</translation>
    </message>
</context>
<context>
    <name>MatchingDock</name>
    <message>
        <location filename="../gui/matching_dock.py" line="123"/>
        <source>Score</source>
        <translation>Bewertung</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="123"/>
        <source>Theme</source>
        <translation>Thema</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="123"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="123"/>
        <source>Distance (m)</source>
        <translation>Entfernung (m)</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="123"/>
        <source>Years</source>
        <translation>Jahre</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="123"/>
        <source>Synergy</source>
        <translation>Synergie</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="123"/>
        <source>Why</source>
        <translation>Begründung</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="477"/>
        <source>No proposal selected.</source>
        <translation>Kein Vorschlag ausgewählt.</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="486"/>
        <source>Selected proposal: {proposal}</source>
        <translation>Ausgewählter Vorschlag: {proposal}</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="490"/>
        <source>Open a participation database to find matches.</source>
        <translation>Öffnen Sie eine Beteiligungsdatenbank, um passende Vorschläge zu finden.</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="494"/>
        <source>The proposals could not be read; see the message bar.</source>
        <translation>Die Vorschläge konnten nicht gelesen werden; siehe Meldungsleiste.</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="496"/>
        <source>Select a proposal on the map (layer “Proposals”) to see compatible ideas nearby.</source>
        <translation>Wählen Sie einen Vorschlag in der Karte (Layer „Vorschläge“), um passende Ideen in der Nähe zu sehen.</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="498"/>
        <source>The selected proposal is not in the database yet (or no longer): save the layer&apos;s edits first.</source>
        <translation>Der ausgewählte Vorschlag ist noch nicht (oder nicht mehr) in der Datenbank: Speichern Sie zuerst die Änderungen des Layers.</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="502"/>
        <source>No compatible proposals nearby with these filters.</source>
        <translation>Mit diesen Filtern keine passenden Vorschläge in der Nähe.</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="504"/>
        <source>Candidates: {count}, best first.</source>
        <translation>Kandidaten: {count}, die besten zuerst.</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="638"/>
        <source>The proposals cannot be shown in the map&apos;s coordinate system.</source>
        <translation>Die Vorschläge können im Koordinatensystem der Karte nicht dargestellt werden.</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="690"/>
        <source>Select the candidates that belong in the group together with the proposal.</source>
        <translation>Wählen Sie die Kandidaten aus, die mit dem Vorschlag eine Gruppe bilden sollen.</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="708"/>
        <source>Match group “{synergy}” recorded with {count} proposals.</source>
        <translation>Gruppe „{synergy}“ mit {count} Vorschlägen angelegt.</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="758"/>
        <source>No match groups yet</source>
        <translation>Noch keine Gruppen</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="760"/>
        <source>{synergy} – {status}, {count} proposals, {date}</source>
        <translation>{synergy} – {status}, {count} Vorschläge, {date}</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="817"/>
        <source>MitMach</source>
        <translation>MitMach</translation>
    </message>
    <message>
        <location filename="../ui/matching_dock.ui" line="9"/>
        <source>MitMach matching</source>
        <translation>MitMach-Matching</translation>
    </message>
    <message>
        <location filename="../ui/matching_dock.ui" line="25"/>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <location filename="../ui/matching_dock.ui" line="26"/>
        <source>Read the proposals from the database again</source>
        <translation>Die Vorschläge erneut aus der Datenbank lesen</translation>
    </message>
    <message>
        <location filename="../ui/matching_dock.ui" line="34"/>
        <source>Themes</source>
        <translation>Themen</translation>
    </message>
    <message>
        <location filename="../ui/matching_dock.ui" line="38"/>
        <source>Show candidates with these themes only</source>
        <translation>Nur Kandidaten mit diesen Themen zeigen</translation>
    </message>
    <message>
        <location filename="../ui/matching_dock.ui" line="42"/>
        <source>Max. distance</source>
        <translation>Max. Entfernung</translation>
    </message>
    <message>
        <location filename="../ui/matching_dock.ui" line="46"/>
        <source>Show candidates up to this distance only; at 0 each pair of themes uses its own maximum distance</source>
        <translation>Nur Kandidaten bis zu dieser Entfernung zeigen; bei 0 gilt die Höchstentfernung des jeweiligen Themenpaars</translation>
    </message>
    <message>
        <location filename="../ui/matching_dock.ui" line="47"/>
        <source>rule&apos;s maximum</source>
        <translation>Höchstwert der Regel</translation>
    </message>
    <message>
        <location filename="../ui/matching_dock.ui" line="48"/>
        <source> m</source>
        <translation> m</translation>
    </message>
    <message>
        <location filename="../ui/matching_dock.ui" line="56"/>
        <source>Min. score</source>
        <translation>Min. Bewertung</translation>
    </message>
    <message>
        <location filename="../ui/matching_dock.ui" line="60"/>
        <source>Show candidates with at least this score (0 to 1)</source>
        <translation>Nur Kandidaten mit mindestens dieser Bewertung zeigen (0 bis 1)</translation>
    </message>
    <message>
        <location filename="../ui/matching_dock.ui" line="70"/>
        <source>Include proposals that are matched already</source>
        <translation>Bereits zugeordnete Vorschläge einbeziehen</translation>
    </message>
    <message>
        <location filename="../ui/matching_dock.ui" line="98"/>
        <source>Zoom to all</source>
        <translation>Auf alle zoomen</translation>
    </message>
    <message>
        <location filename="../ui/matching_dock.ui" line="99"/>
        <source>Zoom the map to the selected proposal and its candidates</source>
        <translation>Die Karte auf den ausgewählten Vorschlag und seine Kandidaten zoomen</translation>
    </message>
    <message>
        <location filename="../ui/matching_dock.ui" line="104"/>
        <source>Create match group…</source>
        <translation>Gruppe anlegen…</translation>
    </message>
    <message>
        <location filename="../ui/matching_dock.ui" line="105"/>
        <source>Record a match group of the selected proposal and the selected candidates</source>
        <translation>Eine Gruppe aus dem ausgewählten Vorschlag und den ausgewählten Kandidaten anlegen</translation>
    </message>
    <message>
        <location filename="../ui/matching_dock.ui" line="117"/>
        <source>Match groups</source>
        <translation>Gruppen</translation>
    </message>
    <message>
        <location filename="../ui/matching_dock.ui" line="129"/>
        <source>Contact texts…</source>
        <translation>Kontakttexte…</translation>
    </message>
    <message>
        <location filename="../ui/matching_dock.ui" line="130"/>
        <source>Texts that introduce the consenting members of the group to each other</source>
        <translation>Texte, die die einwilligenden Gruppenmitglieder miteinander bekannt machen</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="216"/>
        <source>The proposals could not be read for matching; see the MitMach log.</source>
        <translation>Die Vorschläge konnten für den Abgleich nicht gelesen werden; siehe das MitMach-Protokoll.</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="233"/>
        <source>MitMach: reading proposals for matching</source>
        <translation>MitMach: Vorschläge für den Abgleich lesen</translation>
    </message>
    <message>
        <location filename="../gui/matching_dock.py" line="492"/>
        <source>Reading the proposals…</source>
        <translation>Die Vorschläge werden gelesen …</translation>
    </message>
</context>
<context>
    <name>MitMachAlgorithm</name>
    <message>
        <location filename="../processing_provider/base.py" line="33"/>
        <source>Participation database (GeoPackage or PostGIS)</source>
        <translation>Beteiligungsdatenbank (GeoPackage oder PostGIS)</translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="32"/>
        <source>GeoPackage (*.gpkg);;PostGIS: QGIS connection name, service=… or postgresql://… (*)</source>
        <translation>GeoPackage (*.gpkg);;PostGIS: Name einer QGIS-Verbindung, service=… oder postgresql://… (*)</translation>
    </message>
</context>
<context>
    <name>MitMachLayers</name>
    <message>
        <location filename="../data/layers.py" line="89"/>
        <source>Proposals</source>
        <translation>Vorschläge</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="90"/>
        <source>Participants</source>
        <translation>Teilnehmende</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="91"/>
        <source>Match groups</source>
        <translation>Gruppen</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="92"/>
        <source>Match group members</source>
        <translation>Gruppenmitglieder</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="93"/>
        <source>Participation areas</source>
        <translation>Beteiligungsgebiete</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="94"/>
        <source>Addresses</source>
        <translation>Adressen</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="95"/>
        <source>Themes</source>
        <translation>Themen</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="96"/>
        <source>Theme compatibility</source>
        <translation>Themen-Kompatibilität</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="97"/>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="98"/>
        <source>Streets</source>
        <translation>Straßen</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="99"/>
        <source>Buildings</source>
        <translation>Gebäude</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="103"/>
        <source>Feature ID</source>
        <translation>Objekt-ID</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="104"/>
        <source>UUID</source>
        <translation>UUID</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="106"/>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="107"/>
        <source>Label (German)</source>
        <translation>Bezeichnung (Deutsch)</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="108"/>
        <source>Label (English)</source>
        <translation>Bezeichnung (Englisch)</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="109"/>
        <source>Colour</source>
        <translation>Farbe</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="110"/>
        <source>Description (German)</source>
        <translation>Beschreibung (Deutsch)</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="111"/>
        <source>Description (English)</source>
        <translation>Beschreibung (Englisch)</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="112"/>
        <source>Sort order</source>
        <translation>Reihenfolge</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="201"/>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="114"/>
        <source>Theme A</source>
        <translation>Thema A</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="115"/>
        <source>Theme B</source>
        <translation>Thema B</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="116"/>
        <source>Weight</source>
        <translation>Gewicht</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="117"/>
        <source>Maximum distance (m)</source>
        <translation>Höchstabstand (m)</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="118"/>
        <source>Synergy</source>
        <translation>Synergie</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="119"/>
        <source>Year tolerance</source>
        <translation>Toleranz (Jahre)</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="120"/>
        <source>Same building only</source>
        <translation>Nur im selben Gebäude</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="121"/>
        <source>Role pair</source>
        <translation>Rollenpaar</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="123"/>
        <source>Given name</source>
        <translation>Vorname</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="124"/>
        <source>Family name</source>
        <translation>Familienname</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="218"/>
        <source>Street</source>
        <translation>Straße</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="126"/>
        <source>House number</source>
        <translation>Hausnummer</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="127"/>
        <source>Postcode</source>
        <translation>Postleitzahl</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="128"/>
        <source>City</source>
        <translation>Ort</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="129"/>
        <source>E-mail</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="130"/>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="131"/>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="132"/>
        <source>Consents to contact exchange</source>
        <translation>Einverstanden mit Kontaktaustausch</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="133"/>
        <source>Date of consent to contact exchange</source>
        <translation>Datum der Einwilligung in den Kontaktaustausch</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="134"/>
        <source>Consents to the public map</source>
        <translation>Einverstanden mit öffentlicher Karte</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="135"/>
        <source>Date of consent to the public map</source>
        <translation>Datum der Einwilligung in die öffentliche Karte</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="143"/>
        <source>Created at</source>
        <translation>Angelegt am</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="144"/>
        <source>Changed at</source>
        <translation>Geändert am</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="145"/>
        <source>Created by</source>
        <translation>Angelegt von</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="146"/>
        <source>Changed by</source>
        <translation>Geändert von</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="147"/>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="149"/>
        <source>Participant</source>
        <translation>Teilnehmende Person</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="150"/>
        <source>Theme</source>
        <translation>Thema</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="151"/>
        <source>Planned from (year)</source>
        <translation>Geplant ab (Jahr)</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="152"/>
        <source>Planned until (year)</source>
        <translation>Geplant bis (Jahr)</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="153"/>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="154"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="155"/>
        <source>Reason for rejection</source>
        <translation>Ablehnungsgrund</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="156"/>
        <source>Officer</source>
        <translation>Sachbearbeitung</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="157"/>
        <source>Officer&apos;s notes</source>
        <translation>Notizen der Sachbearbeitung</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="158"/>
        <source>Advice</source>
        <translation>Beratung</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="159"/>
        <source>Location source</source>
        <translation>Herkunft der Lage</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="160"/>
        <source>Location quality</source>
        <translation>Lagegenauigkeit</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="161"/>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="162"/>
        <source>Building reference</source>
        <translation>Gebäudereferenz</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="163"/>
        <source>In the participation area</source>
        <translation>Im Beteiligungsgebiet</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="165"/>
        <source>Notes</source>
        <translation>Notizen</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="166"/>
        <source>Match group</source>
        <translation>Gruppe</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="167"/>
        <source>Proposal</source>
        <translation>Vorschlag</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="168"/>
        <source>Contact details exchanged</source>
        <translation>Kontaktdaten ausgetauscht</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="170"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="171"/>
        <source>Street key</source>
        <translation>Straßenschlüssel</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="172"/>
        <source>Building type</source>
        <translation>Gebäudetyp</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="173"/>
        <source>Dwellings</source>
        <translation>Wohnungen</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="174"/>
        <source>Heated floor area (m²)</source>
        <translation>Beheizte Fläche (m²)</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="175"/>
        <source>Year built</source>
        <translation>Baujahr</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="176"/>
        <source>Specific heat demand (kWh/m²·a)</source>
        <translation>Spezifischer Wärmebedarf (kWh/m²·a)</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="177"/>
        <source>Heat demand (MWh/a)</source>
        <translation>Wärmebedarf (MWh/a)</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="179"/>
        <source>Time</source>
        <translation>Zeitpunkt</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="180"/>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="181"/>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="182"/>
        <source>Table</source>
        <translation>Tabelle</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="183"/>
        <source>Record UUID</source>
        <translation>UUID des Datensatzes</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="184"/>
        <source>Changed fields</source>
        <translation>Geänderte Felder</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="185"/>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="188"/>
        <source>Street name</source>
        <translation>Straßenname</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="191"/>
        <source>Submitted</source>
        <translation>Eingereicht</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="192"/>
        <source>Checked</source>
        <translation>Geprüft</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="193"/>
        <source>Rejected</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="194"/>
        <source>Matched</source>
        <translation>Zugeordnet</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="202"/>
        <source>Implemented</source>
        <translation>Umgesetzt</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="196"/>
        <source>Withdrawn</source>
        <translation>Zurückgezogen</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="199"/>
        <source>Proposed</source>
        <translation>Vorgeschlagen</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="200"/>
        <source>Contacted</source>
        <translation>Kontaktiert</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="203"/>
        <source>Closed</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="206"/>
        <source>Owner</source>
        <translation>Eigentümer/in</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="207"/>
        <source>Tenant</source>
        <translation>Mieter/in</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="208"/>
        <source>Other</source>
        <translation>Sonstige</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="211"/>
        <source>Geocoded from the address</source>
        <translation>Aus der Adresse ermittelt</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="212"/>
        <source>Clicked on the map</source>
        <translation>In der Karte geklickt</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="213"/>
        <source>Imported</source>
        <translation>Importiert</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="214"/>
        <source>Moved on the map</source>
        <translation>In der Karte verschoben</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="217"/>
        <source>House address</source>
        <translation>Hausadresse</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="219"/>
        <source>Postcode area</source>
        <translation>Postleitzahlgebiet</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="220"/>
        <source>Set by hand</source>
        <translation>Von Hand gesetzt</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="221"/>
        <source>Unknown</source>
        <translation>Unbekannt</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="224"/>
        <source>Entered by the officer</source>
        <translation>Von der Sachbearbeitung erfasst</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="225"/>
        <source>Online form</source>
        <translation>Online-Formular</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="235"/>
        <source>Import</source>
        <translation>Import</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="229"/>
        <source>Added</source>
        <translation>Hinzugefügt</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="230"/>
        <source>Changed</source>
        <translation>Geändert</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="231"/>
        <source>Deleted</source>
        <translation>Gelöscht</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="232"/>
        <source>Schema upgraded</source>
        <translation>Schema aktualisiert</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="233"/>
        <source>Backup</source>
        <translation>Sicherung</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="234"/>
        <source>Personal data erased</source>
        <translation>Personenbezogene Daten gelöscht</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="236"/>
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="238"/>
        <source>Owner and tenant</source>
        <translation>Eigentümer/in und Mieter/in</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="254"/>
        <source>The end year must lie between 2000 and 2100, not before the start year and at most 30 years after it.</source>
        <translation>Das Endjahr muss zwischen 2000 und 2100 liegen, nicht vor dem Anfangsjahr und höchstens 30 Jahre danach.</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="255"/>
        <source>A code starts with a letter and has lower-case letters, digits and underscores only.</source>
        <translation>Ein Code beginnt mit einem Buchstaben und enthält nur Kleinbuchstaben, Ziffern und Unterstriche.</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="256"/>
        <source>The style of the layer “{table}” cannot be saved in {path}: {detail}</source>
        <translation>Der Stil des Layers „{table}“ kann nicht in {path} gespeichert werden: {detail}</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="262"/>
        <source>Enter the family name.</source>
        <translation>Geben Sie den Familiennamen ein.</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="266"/>
        <source>Choose the role: owner, tenant or other.</source>
        <translation>Wählen Sie die Rolle: Eigentümer/in, Mieter/in oder Sonstige.</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="270"/>
        <source>Enter a valid e-mail address, e.g. name@example.org.</source>
        <translation>Geben Sie eine gültige E-Mail-Adresse ein, z. B. name@example.org.</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="323"/>
        <source>A German postcode has exactly five digits.</source>
        <translation>Eine deutsche Postleitzahl hat genau fünf Ziffern.</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="278"/>
        <source>Enter the date on which the consent to contact exchange was given.</source>
        <translation>Geben Sie das Datum der Einwilligung in den Kontaktaustausch ein.</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="284"/>
        <source>Enter the date on which the consent to the public map was given.</source>
        <translation>Geben Sie das Datum der Einwilligung in die öffentliche Karte ein.</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="302"/>
        <source>Choose a theme.</source>
        <translation>Wählen Sie ein Thema.</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="322"/>
        <source>Choose a status.</source>
        <translation>Wählen Sie einen Status.</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="304"/>
        <source>The planned year must lie between 2000 and 2100.</source>
        <translation>Das geplante Jahr muss zwischen 2000 und 2100 liegen.</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="314"/>
        <source>A rejected proposal needs a reason for the rejection.</source>
        <translation>Ein abgelehnter Vorschlag braucht einen Ablehnungsgrund.</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="318"/>
        <source>Choose a synergy.</source>
        <translation>Wählen Sie eine Synergie.</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="331"/>
        <source>Write the colour as #rrggbb.</source>
        <translation>Geben Sie die Farbe als #rrggbb an.</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="335"/>
        <source>The weight lies between 0 and 1.</source>
        <translation>Das Gewicht liegt zwischen 0 und 1.</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="339"/>
        <source>The maximum distance must be more than 0 m.</source>
        <translation>Der Höchstabstand muss größer als 0 m sein.</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="355"/>
        <source>Proposals of the participant</source>
        <translation>Vorschläge der teilnehmenden Person</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="355"/>
        <source>Proposals in the match group</source>
        <translation>Vorschläge der Gruppe</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="355"/>
        <source>Match groups of the proposal</source>
        <translation>Gruppen des Vorschlags</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="872"/>
        <source>QGIS gives no reason; the table may be missing or damaged.</source>
        <translation>QGIS nennt keinen Grund; die Tabelle fehlt vielleicht oder ist beschädigt.</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="876"/>
        <source>The layer “{table}” of {path} cannot be opened: {detail}</source>
        <translation>Der Layer „{table}“ aus {path} kann nicht geöffnet werden: {detail}</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="979"/>
        <source>MitMach default style</source>
        <translation>MitMach-Standardstil</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="1017"/>
        <source>The QGIS project cannot be saved in {path}: {detail}</source>
        <translation>Das QGIS-Projekt kann nicht in {path} gespeichert werden: {detail}</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="136"/>
        <source>Consent to contact exchange withdrawn on</source>
        <translation>Einwilligung in den Kontaktaustausch widerrufen am</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="139"/>
        <source>Consent to the public map withdrawn on</source>
        <translation>Einwilligung in die öffentliche Karte widerrufen am</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="186"/>
        <source>Pseudonymised at</source>
        <translation>Pseudonymisiert am</translation>
    </message>
    <message>
        <location filename="../data/layers.py" line="296"/>
        <source>A consent that is given has no date of withdrawal: clear the date.</source>
        <translation>Eine erteilte Einwilligung hat kein Widerrufsdatum: Löschen Sie das Datum.</translation>
    </message>
</context>
<context>
    <name>MitMachPlugin</name>
    <message>
        <location filename="../plugin.py" line="61"/>
        <source>&amp;MitMach</source>
        <translation>&amp;MitMach</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="204"/>
        <source>MitMach</source>
        <translation>MitMach</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="134"/>
        <source>MitMach help</source>
        <translation>MitMach-Hilfe</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="134"/>
        <source>Open the MitMach documentation in the web browser</source>
        <translation>Die MitMach-Dokumentation im Webbrowser öffnen</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="77"/>
        <source>New participation database…</source>
        <translation>Neue Beteiligungsdatenbank…</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="81"/>
        <source>Open participation database…</source>
        <translation>Beteiligungsdatenbank öffnen…</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="81"/>
        <source>Add the layers of a participation database to the project</source>
        <translation>Die Layer einer Beteiligungsdatenbank zum Projekt hinzufügen</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="93"/>
        <source>New proposal…</source>
        <translation>Neuer Vorschlag…</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="93"/>
        <source>Enter a participant&apos;s ideas from a phone call or a paper form</source>
        <translation>Ideen einer teilnehmenden Person aus einem Anruf oder einem Papierformular erfassen</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="112"/>
        <source>Review queue</source>
        <translation>Prüfliste</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="112"/>
        <source>Check, reject or withdraw new proposals; add notes and advice</source>
        <translation>Neue Vorschläge prüfen, ablehnen oder zurückziehen; Notizen und Empfehlungen ergänzen</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="116"/>
        <source>Matching panel</source>
        <translation>Matching-Bedienfeld</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="116"/>
        <source>Find compatible proposals near the selected one, record match groups and prepare contact texts</source>
        <translation>Passende Vorschläge in der Nähe des ausgewählten finden, Gruppen anlegen und Kontakttexte vorbereiten</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="120"/>
        <source>Export public map…</source>
        <translation>Öffentliche Karte exportieren…</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="120"/>
        <source>Anonymised themed map for public meetings and the council website: PDF, PNG, SVG, web map</source>
        <translation>Anonymisierte Themenkarte für öffentliche Veranstaltungen und die Website der Stadt: PDF, PNG, SVG, Webkarte</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="204"/>
        <source>Open or create a participation database first.</source>
        <translation>Öffnen oder erstellen Sie zuerst eine Beteiligungsdatenbank.</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="85"/>
        <source>Back up database…</source>
        <translation>Datenbank sichern…</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="85"/>
        <source>Write a consistent copy of the open participation database (safe while others use it)</source>
        <translation>Eine konsistente Kopie der geöffneten Beteiligungsdatenbank schreiben (sicher, auch während andere sie benutzen)</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="125"/>
        <source>Forget participant…</source>
        <translation>Teilnehmende Person löschen…</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="125"/>
        <source>Erase a participant&apos;s personal data from the database (GDPR art. 17)</source>
        <translation>Die personenbezogenen Daten einer teilnehmenden Person aus der Datenbank löschen (Art. 17 DSGVO)</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="129"/>
        <source>Retention and purge…</source>
        <translation>Aufbewahrung und Löschung…</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="129"/>
        <source>See what the retention rules would erase, then erase it</source>
        <translation>Anzeigen, was die Aufbewahrungsregeln löschen würden, und es dann löschen</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="77"/>
        <source>Create a GeoPackage file or a PostGIS schema with every MitMach table, styles and forms</source>
        <translation>Eine GeoPackage-Datei oder ein PostGIS-Schema mit allen MitMach-Tabellen, Stilen und Formularen anlegen</translation>
    </message>
</context>
<context>
    <name>MitMachProvider</name>
    <message>
        <location filename="../processing_provider/provider.py" line="42"/>
        <source>MitMach</source>
        <translation>MitMach</translation>
    </message>
    <message>
        <location filename="../processing_provider/provider.py" line="45"/>
        <source>MitMach – neighbourhood energy-renovation participation</source>
        <translation>MitMach – Beteiligung an der energetischen Sanierung in der Nachbarschaft</translation>
    </message>
</context>
<context>
    <name>NewDatabaseDialog</name>
    <message>
        <location filename="../gui/new_database_dialog.py" line="30"/>
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../ui/new_database_dialog.ui" line="9"/>
        <source>New participation database</source>
        <translation>Neue Beteiligungsdatenbank</translation>
    </message>
    <message>
        <location filename="../gui/new_database_dialog.py" line="128"/>
        <source>Choose where to save the GeoPackage.</source>
        <translation>Wählen Sie, wo das GeoPackage gespeichert werden soll.</translation>
    </message>
    <message>
        <location filename="../gui/new_database_dialog.py" line="130"/>
        <source>The folder {folder} does not exist.</source>
        <translation>Den Ordner {folder} gibt es nicht.</translation>
    </message>
    <message>
        <location filename="../gui/new_database_dialog.py" line="135"/>
        <source>Choose a projected coordinate system in metres, e.g. EPSG:25832.</source>
        <translation>Wählen Sie ein projiziertes Koordinatensystem in Metern, z. B. EPSG:25832.</translation>
    </message>
    <message>
        <location filename="../ui/new_database_dialog.ui" line="15"/>
        <source>A GeoPackage with every table, the theme catalogue, styles and forms. Keep it on the shared drive the officers use.</source>
        <translation>Ein GeoPackage mit allen Tabellen, dem Themenkatalog, Stilen und Formularen. Legen Sie es auf das gemeinsame Laufwerk der Sachbearbeitung.</translation>
    </message>
    <message>
        <location filename="../ui/new_database_dialog.ui" line="29"/>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <location filename="../ui/new_database_dialog.ui" line="50"/>
        <source>Coordinate reference system</source>
        <translation>Koordinatenbezugssystem</translation>
    </message>
    <message>
        <location filename="../ui/new_database_dialog.ui" line="56"/>
        <source>Participation area (optional)</source>
        <translation>Beteiligungsgebiet (optional)</translation>
    </message>
    <message>
        <location filename="../gui/new_database_dialog.py" line="27"/>
        <source>GeoPackage file</source>
        <translation>GeoPackage-Datei</translation>
    </message>
    <message>
        <location filename="../gui/new_database_dialog.py" line="28"/>
        <source>PostGIS schema in a PostgreSQL database</source>
        <translation>PostGIS-Schema in einer PostgreSQL-Datenbank</translation>
    </message>
    <message>
        <location filename="../gui/new_database_dialog.py" line="38"/>
        <source>a QGIS connection, service=NAME or postgresql://user@host/database</source>
        <translation>eine QGIS-Verbindung, service=NAME oder postgresql://benutzer@host/datenbank</translation>
    </message>
    <message>
        <location filename="../gui/new_database_dialog.py" line="41"/>
        <source>A PostgreSQL connection saved in QGIS (with its login in QGIS&apos;s authentication database), service=NAME (pg_service.conf) or a URI without a password.</source>
        <translation>Eine in QGIS gespeicherte PostgreSQL-Verbindung (mit ihrer Anmeldung in der Authentifizierungsdatenbank von QGIS), service=NAME (pg_service.conf) oder eine URI ohne Passwort.</translation>
    </message>
    <message>
        <location filename="../gui/new_database_dialog.py" line="48"/>
        <source>Creates the roles mitmach_officer, mitmach_planner and mitmach_public with their rights (if they do not exist). Your login needs the right to create roles (CREATEROLE).</source>
        <translation>Legt die Rollen mitmach_officer, mitmach_planner und mitmach_public mit ihren Rechten an (falls es sie noch nicht gibt). Ihre Anmeldung braucht das Recht, Rollen anzulegen (CREATEROLE).</translation>
    </message>
    <message>
        <location filename="../gui/new_database_dialog.py" line="105"/>
        <source>A schema in a PostgreSQL database with PostGIS, with every table, the theme catalogue and the rules as triggers; the layers get MitMach&apos;s styles and forms when it is opened. The database must exist and have PostGIS (ask the database administrator).</source>
        <translation>Ein Schema in einer PostgreSQL-Datenbank mit PostGIS, mit allen Tabellen, dem Themenkatalog und den Regeln als Trigger; die Layer erhalten beim Öffnen die Stile und Formulare von MitMach. Die Datenbank muss bestehen und PostGIS haben (fragen Sie die Datenbankadministration).</translation>
    </message>
    <message>
        <location filename="../gui/new_database_dialog.py" line="142"/>
        <source>Choose a PostgreSQL connection, or enter service=NAME or a URI.</source>
        <translation>Wählen Sie eine PostgreSQL-Verbindung oder geben Sie service=NAME oder eine URI ein.</translation>
    </message>
    <message>
        <location filename="../gui/new_database_dialog.py" line="144"/>
        <source>Leave the password out: save the connection in QGIS with an authentication configuration, or use a service file (service=NAME).</source>
        <translation>Lassen Sie das Passwort weg: Speichern Sie die Verbindung in QGIS mit einer Authentifizierungskonfiguration oder verwenden Sie eine Service-Datei (service=NAME).</translation>
    </message>
    <message>
        <location filename="../gui/new_database_dialog.py" line="151"/>
        <source>The schema name may contain lower-case letters, digits and _ only (e.g. mitmach).</source>
        <translation>Der Schemaname darf nur Kleinbuchstaben, Ziffern und _ enthalten (z. B. mitmach).</translation>
    </message>
    <message>
        <location filename="../ui/new_database_dialog.ui" line="23"/>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <location filename="../ui/new_database_dialog.ui" line="35"/>
        <source>PostgreSQL connection</source>
        <translation>PostgreSQL-Verbindung</translation>
    </message>
    <message>
        <location filename="../ui/new_database_dialog.ui" line="44"/>
        <source>Schema</source>
        <translation>Schema</translation>
    </message>
    <message>
        <location filename="../ui/new_database_dialog.ui" line="62"/>
        <source>Set up the MitMach roles (officer, planner, public; needs the right to create roles)</source>
        <translation>MitMach-Rollen einrichten (Sachbearbeitung, Planung, Öffentlichkeit; braucht das Recht, Rollen anzulegen)</translation>
    </message>
</context>
<context>
    <name>ProposalDialog</name>
    <message>
        <location filename="../gui/proposal_dialog.py" line="81"/>
        <source>Theme</source>
        <translation>Thema</translation>
    </message>
    <message>
        <location filename="../gui/proposal_dialog.py" line="81"/>
        <source>Planned from</source>
        <translation>Geplant ab</translation>
    </message>
    <message>
        <location filename="../gui/proposal_dialog.py" line="81"/>
        <source>Planned to</source>
        <translation>Geplant bis</translation>
    </message>
    <message>
        <location filename="../gui/proposal_dialog.py" line="81"/>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <location filename="../gui/proposal_dialog.py" line="110"/>
        <source>Owner</source>
        <translation>Eigentümer/in</translation>
    </message>
    <message>
        <location filename="../gui/proposal_dialog.py" line="110"/>
        <source>Tenant</source>
        <translation>Mieter/in</translation>
    </message>
    <message>
        <location filename="../gui/proposal_dialog.py" line="110"/>
        <source>Other</source>
        <translation>Sonstige</translation>
    </message>
    <message>
        <location filename="../gui/proposal_dialog.py" line="162"/>
        <source>What is planned, e.g. replace the gas boiler from 1994</source>
        <translation>Was ist geplant, z. B. den Gaskessel von 1994 ersetzen</translation>
    </message>
    <message>
        <location filename="../gui/proposal_dialog.py" line="183"/>
        <source>Idea {n}: {message}</source>
        <translation>Idee {n}: {message}</translation>
    </message>
    <message>
        <location filename="../gui/proposal_dialog.py" line="185"/>
        <source>Find the address or pick the location on the map.</source>
        <translation>Suchen Sie die Adresse oder setzen Sie die Lage in der Karte.</translation>
    </message>
    <message>
        <location filename="../gui/proposal_dialog.py" line="205"/>
        <source>Location: {x:.1f}, {y:.1f} ({source}, {quality})</source>
        <translation>Lage: {x:.1f}, {y:.1f} ({source}, {quality})</translation>
    </message>
    <message>
        <location filename="../gui/proposal_dialog.py" line="212"/>
        <source>Warning: this point lies outside the participation area.</source>
        <translation>Achtung: Dieser Punkt liegt außerhalb des Beteiligungsgebiets.</translation>
    </message>
    <message>
        <location filename="../gui/proposal_dialog.py" line="220"/>
        <source>geocoded</source>
        <translation>aus der Adresse</translation>
    </message>
    <message>
        <location filename="../gui/proposal_dialog.py" line="220"/>
        <source>clicked on the map</source>
        <translation>in der Karte geklickt</translation>
    </message>
    <message>
        <location filename="../gui/proposal_dialog.py" line="221"/>
        <source>moved by hand</source>
        <translation>von Hand verschoben</translation>
    </message>
    <message>
        <location filename="../gui/proposal_dialog.py" line="221"/>
        <source>imported</source>
        <translation>importiert</translation>
    </message>
    <message>
        <location filename="../gui/proposal_dialog.py" line="229"/>
        <source>Enter street and house number first.</source>
        <translation>Geben Sie zuerst Straße und Hausnummer ein.</translation>
    </message>
    <message>
        <location filename="../gui/proposal_dialog.py" line="235"/>
        <source>Searching…</source>
        <translation>Suche läuft…</translation>
    </message>
    <message>
        <location filename="../gui/proposal_dialog.py" line="241"/>
        <source>MitMach: find address</source>
        <translation>MitMach: Adresse suchen</translation>
    </message>
    <message>
        <location filename="../gui/proposal_dialog.py" line="249"/>
        <source>The address search failed; pick the location on the map.</source>
        <translation>Die Adresssuche ist fehlgeschlagen; setzen Sie die Lage in der Karte.</translation>
    </message>
    <message>
        <location filename="../gui/proposal_dialog.py" line="256"/>
        <source>Choose the right address…</source>
        <translation>Die richtige Adresse wählen…</translation>
    </message>
    <message>
        <location filename="../gui/proposal_dialog.py" line="339"/>
        <source>MitMach</source>
        <translation>MitMach</translation>
    </message>
    <message>
        <location filename="../ui/proposal_dialog.ui" line="6"/>
        <source>New proposal</source>
        <translation>Neuer Vorschlag</translation>
    </message>
    <message>
        <location filename="../ui/proposal_dialog.ui" line="10"/>
        <source>Participant</source>
        <translation>Teilnehmende Person</translation>
    </message>
    <message>
        <location filename="../ui/proposal_dialog.ui" line="12"/>
        <source>Given name</source>
        <translation>Vorname</translation>
    </message>
    <message>
        <location filename="../ui/proposal_dialog.ui" line="14"/>
        <source>Family name *</source>
        <translation>Familienname *</translation>
    </message>
    <message>
        <location filename="../ui/proposal_dialog.ui" line="16"/>
        <source>Street *</source>
        <translation>Straße *</translation>
    </message>
    <message>
        <location filename="../ui/proposal_dialog.ui" line="18"/>
        <source>House number *</source>
        <translation>Hausnummer *</translation>
    </message>
    <message>
        <location filename="../ui/proposal_dialog.ui" line="20"/>
        <source>Postcode</source>
        <translation>PLZ</translation>
    </message>
    <message>
        <location filename="../ui/proposal_dialog.ui" line="22"/>
        <source>City</source>
        <translation>Ort</translation>
    </message>
    <message>
        <location filename="../ui/proposal_dialog.ui" line="24"/>
        <source>E-mail</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <location filename="../ui/proposal_dialog.ui" line="26"/>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <location filename="../ui/proposal_dialog.ui" line="28"/>
        <source>Role *</source>
        <translation>Rolle *</translation>
    </message>
    <message>
        <location filename="../ui/proposal_dialog.ui" line="30"/>
        <source>Agrees to exchange contact details with neighbours</source>
        <translation>Einverstanden, Kontaktdaten mit Nachbarn auszutauschen</translation>
    </message>
    <message>
        <location filename="../ui/proposal_dialog.ui" line="34"/>
        <source>on</source>
        <translation>am</translation>
    </message>
    <message>
        <location filename="../ui/proposal_dialog.ui" line="33"/>
        <source>Agrees to be shown (anonymised) on public maps</source>
        <translation>Einverstanden, (anonymisiert) auf öffentlichen Karten zu erscheinen</translation>
    </message>
    <message>
        <location filename="../ui/proposal_dialog.ui" line="41"/>
        <source>Location</source>
        <translation>Lage</translation>
    </message>
    <message>
        <location filename="../ui/proposal_dialog.ui" line="43"/>
        <source>Find address</source>
        <translation>Adresse suchen</translation>
    </message>
    <message>
        <location filename="../ui/proposal_dialog.ui" line="44"/>
        <source>Pick on map</source>
        <translation>In der Karte setzen</translation>
    </message>
    <message>
        <location filename="../ui/proposal_dialog.ui" line="52"/>
        <source>Ideas</source>
        <translation>Ideen</translation>
    </message>
    <message>
        <location filename="../ui/proposal_dialog.ui" line="57"/>
        <source>Add idea</source>
        <translation>Idee hinzufügen</translation>
    </message>
    <message>
        <location filename="../ui/proposal_dialog.ui" line="58"/>
        <source>Remove idea</source>
        <translation>Idee entfernen</translation>
    </message>
</context>
<context>
    <name>RetentionPurgeDialog</name>
    <message>
        <location filename="../gui/privacy_dialog.py" line="273"/>
        <source>Retention and purge</source>
        <translation>Aufbewahrung und Bereinigung</translation>
    </message>
    <message>
        <location filename="../gui/privacy_dialog.py" line="214"/>
        <source>The retention rules of this database (mitmach_meta keys retention_…, in months or “off”) and what is due now. Purging erases it exactly as “Forget participant” does and rebuilds the file.</source>
        <translation>Die Aufbewahrungsregeln dieser Datenbank (mitmach_meta-Schlüssel retention_…, in Monaten oder „off“) und was jetzt fällig ist. Die Bereinigung löscht es genau wie „Teilnehmende Person löschen“ und baut die Datei neu auf.</translation>
    </message>
    <message>
        <location filename="../gui/privacy_dialog.py" line="232"/>
        <source>Purge now…</source>
        <translation>Jetzt bereinigen…</translation>
    </message>
    <message>
        <location filename="../gui/privacy_dialog.py" line="244"/>
        <source>Counting what is due…</source>
        <translation>Fällige Daten werden gezählt…</translation>
    </message>
    <message>
        <location filename="../gui/privacy_dialog.py" line="249"/>
        <source>MitMach: retention dry run</source>
        <translation>MitMach: Probelauf der Aufbewahrungsregeln</translation>
    </message>
    <message>
        <location filename="../gui/privacy_dialog.py" line="262"/>
        <source>Erase what the retention rules make due now ({count} records)? This cannot be undone.</source>
        <translation>Löschen, was nach den Aufbewahrungsregeln jetzt fällig ist ({count} Datensätze)? Das kann nicht rückgängig gemacht werden.</translation>
    </message>
    <message>
        <location filename="../gui/privacy_dialog.py" line="262"/>
        <source>Nothing is due. Rebuild the file anyway (clears free pages)?</source>
        <translation>Nichts ist fällig. Die Datei trotzdem neu aufbauen (leert freie Seiten)?</translation>
    </message>
    <message>
        <location filename="../gui/privacy_dialog.py" line="277"/>
        <source>Purging…</source>
        <translation>Wird bereinigt…</translation>
    </message>
    <message>
        <location filename="../gui/privacy_dialog.py" line="282"/>
        <source>MitMach: purge</source>
        <translation>MitMach: Bereinigung</translation>
    </message>
    <message>
        <location filename="../gui/privacy_dialog.py" line="294"/>
        <source>The retention rules were applied.</source>
        <translation>Die Aufbewahrungsregeln wurden angewendet.</translation>
    </message>
    <message>
        <location filename="../gui/privacy_dialog.py" line="214"/>
        <source>The retention rules of this database (mitmach_meta keys retention_…, in months or “off”) and what is due now. Purging erases it exactly as “Forget participant” does and vacuums the tables.</source>
        <translation>Die Aufbewahrungsregeln dieser Datenbank (mitmach_meta-Schlüssel retention_…, in Monaten oder „off“) und was jetzt fällig ist. Die Bereinigung löscht es genau wie „Teilnehmende Person löschen“ und bereinigt die Tabellen (VACUUM).</translation>
    </message>
    <message>
        <location filename="../gui/privacy_dialog.py" line="262"/>
        <source>Nothing is due. Vacuum the tables anyway (clears old row versions)?</source>
        <translation>Nichts ist fällig. Die Tabellen trotzdem bereinigen (VACUUM, entfernt alte Zeilenversionen)?</translation>
    </message>
</context>
<context>
    <name>ReviewDock</name>
    <message>
        <location filename="../ui/review_dock.ui" line="24"/>
        <source>Theme</source>
        <translation>Thema</translation>
    </message>
    <message>
        <location filename="../gui/review_dock.py" line="69"/>
        <source>Years</source>
        <translation>Jahre</translation>
    </message>
    <message>
        <location filename="../gui/review_dock.py" line="69"/>
        <source>Days waiting</source>
        <translation>Tage wartend</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.ui" line="16"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../gui/review_dock.py" line="69"/>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <location filename="../gui/review_dock.py" line="69"/>
        <source>Area</source>
        <translation>Gebiet</translation>
    </message>
    <message>
        <location filename="../gui/review_dock.py" line="69"/>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <location filename="../gui/review_dock.py" line="118"/>
        <source>All themes</source>
        <translation>Alle Themen</translation>
    </message>
    <message>
        <location filename="../gui/review_dock.py" line="131"/>
        <source>{status} ({count})</source>
        <translation>{status} ({count})</translation>
    </message>
    <message>
        <location filename="../gui/review_dock.py" line="134"/>
        <source>All statuses ({count})</source>
        <translation>Alle Status ({count})</translation>
    </message>
    <message>
        <location filename="../gui/review_dock.py" line="196"/>
        <source>Received {time}</source>
        <translation>Eingegangen {time}</translation>
    </message>
    <message>
        <location filename="../gui/review_dock.py" line="201"/>
        <source>outside</source>
        <translation>außerhalb</translation>
    </message>
    <message>
        <location filename="../gui/review_dock.py" line="203"/>
        <source>The proposal lies outside the participation area.</source>
        <translation>Der Vorschlag liegt außerhalb des Beteiligungsgebiets.</translation>
    </message>
    <message>
        <location filename="../gui/review_dock.py" line="205"/>
        <source>inside</source>
        <translation>innerhalb</translation>
    </message>
    <message>
        <location filename="../gui/review_dock.py" line="207"/>
        <source>Not yet compared with the participation area.</source>
        <translation>Noch nicht mit dem Beteiligungsgebiet abgeglichen.</translation>
    </message>
    <message>
        <location filename="../gui/review_dock.py" line="220"/>
        <source>Open a participation database to see its proposals.</source>
        <translation>Öffnen Sie eine Beteiligungsdatenbank, um ihre Vorschläge zu sehen.</translation>
    </message>
    <message>
        <location filename="../gui/review_dock.py" line="222"/>
        <source>Showing the oldest {count} proposals; deal with these first.</source>
        <translation>Angezeigt werden die ältesten {count} Vorschläge; bitte diese zuerst bearbeiten.</translation>
    </message>
    <message>
        <location filename="../gui/review_dock.py" line="224"/>
        <source>No proposals with this status.</source>
        <translation>Keine Vorschläge mit diesem Status.</translation>
    </message>
    <message>
        <location filename="../gui/review_dock.py" line="226"/>
        <source>Proposals shown: {count}, oldest first.</source>
        <translation>Angezeigte Vorschläge: {count}, älteste zuerst.</translation>
    </message>
    <message>
        <location filename="../gui/review_dock.py" line="267"/>
        <source>Proposals selected: {count}.</source>
        <translation>Ausgewählte Vorschläge: {count}.</translation>
    </message>
    <message>
        <location filename="../gui/review_dock.py" line="269"/>
        <source>Select a proposal to see it in full and write notes and advice.</source>
        <translation>Wählen Sie einen Vorschlag, um ihn vollständig zu sehen und Notizen und Empfehlungen zu schreiben.</translation>
    </message>
    <message>
        <location filename="../gui/review_dock.py" line="275"/>
        <source>{theme}, {status}, received {time}</source>
        <translation>{theme}, {status}, eingegangen am {time}</translation>
    </message>
    <message>
        <location filename="../gui/review_dock.py" line="282"/>
        <source>Officer: {officer}</source>
        <translation>Sachbearbeitung: {officer}</translation>
    </message>
    <message>
        <location filename="../gui/review_dock.py" line="289"/>
        <source>Insert a template…</source>
        <translation>Vorlage einfügen…</translation>
    </message>
    <message>
        <location filename="../gui/review_dock.py" line="334"/>
        <source>Reject proposals</source>
        <translation>Vorschläge ablehnen</translation>
    </message>
    <message>
        <location filename="../gui/review_dock.py" line="334"/>
        <source>Why are the selected proposals ({count}) rejected? A reason is required.</source>
        <translation>Warum werden die ausgewählten Vorschläge ({count}) abgelehnt? Eine Begründung ist erforderlich.</translation>
    </message>
    <message>
        <location filename="../gui/review_dock.py" line="351"/>
        <source>Withdraw proposals</source>
        <translation>Vorschläge zurückziehen</translation>
    </message>
    <message>
        <location filename="../gui/review_dock.py" line="351"/>
        <source>Mark the selected proposals ({count}) as withdrawn? This cannot be undone.</source>
        <translation>Die ausgewählten Vorschläge ({count}) als zurückgezogen markieren? Das kann nicht rückgängig gemacht werden.</translation>
    </message>
    <message>
        <location filename="../gui/review_dock.py" line="377"/>
        <source>Proposals set to “{status}”: {count}.</source>
        <translation>Vorschläge auf „{status}“ gesetzt: {count}.</translation>
    </message>
    <message>
        <location filename="../gui/review_dock.py" line="397"/>
        <source>Notes and advice saved.</source>
        <translation>Notizen und Empfehlung gespeichert.</translation>
    </message>
    <message>
        <location filename="../gui/review_dock.py" line="422"/>
        <source>The proposal cannot be shown in the map&apos;s coordinate system.</source>
        <translation>Der Vorschlag kann im Koordinatensystem der Karte nicht dargestellt werden.</translation>
    </message>
    <message>
        <location filename="../gui/review_dock.py" line="435"/>
        <source>MitMach</source>
        <translation>MitMach</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.ui" line="9"/>
        <source>MitMach review queue</source>
        <translation>MitMach-Prüfliste</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.ui" line="38"/>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.ui" line="39"/>
        <source>Read the queue from the database again</source>
        <translation>Liste erneut aus der Datenbank lesen</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.ui" line="65"/>
        <source>Check</source>
        <translation>Prüfen</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.ui" line="66"/>
        <source>Mark the selected proposals as checked</source>
        <translation>Ausgewählte Vorschläge als geprüft markieren</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.ui" line="71"/>
        <source>Reject…</source>
        <translation>Ablehnen…</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.ui" line="72"/>
        <source>Reject the selected proposals, with a reason</source>
        <translation>Ausgewählte Vorschläge mit Begründung ablehnen</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.ui" line="77"/>
        <source>Withdraw</source>
        <translation>Zurückziehen</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.ui" line="78"/>
        <source>Mark the selected proposals as withdrawn by the participant</source>
        <translation>Ausgewählte Vorschläge als vom Teilnehmenden zurückgezogen markieren</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.ui" line="83"/>
        <source>Zoom to</source>
        <translation>Hinzoomen</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.ui" line="84"/>
        <source>Zoom the map to the selected proposals (or double-click a row)</source>
        <translation>Karte auf die ausgewählten Vorschläge zoomen (oder Zeile doppelklicken)</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.ui" line="91"/>
        <source>Selected proposal</source>
        <translation>Ausgewählter Vorschlag</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.ui" line="100"/>
        <source>Officer&apos;s notes</source>
        <translation>Notizen der Sachbearbeitung</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.ui" line="106"/>
        <source>Internal notes, not sent to the participant</source>
        <translation>Interne Notizen, werden nicht an Teilnehmende gesendet</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.ui" line="110"/>
        <source>Advice template</source>
        <translation>Empfehlungsvorlage</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.ui" line="116"/>
        <source>Advice</source>
        <translation>Beratungshinweis</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.ui" line="122"/>
        <source>Advice for the participant</source>
        <translation>Empfehlung für die teilnehmende Person</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.ui" line="134"/>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.ui" line="135"/>
        <source>Save the notes and the advice of the selected proposal</source>
        <translation>Notizen und Empfehlung des ausgewählten Vorschlags speichern</translation>
    </message>
</context>
<context>
    <name>SynergyClustersAlgorithm</name>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="281"/>
        <source>Synergy clusters and heat-network candidates</source>
        <translation>Synergiecluster und Wärmenetz-Kandidaten</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="284"/>
        <source>Analysis</source>
        <translation>Analyse</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="290"/>
        <source>Finds clusters of compatible proposals with DBSCAN (the same clusters as QGIS's own DBSCAN clustering): the proposals whose themes take part in the chosen synergy in the database's compatibility table, with status checked or matched. A core point has at least the minimum number of proposals within the distance, itself included; with a year tolerance, proposals are neighbours only when their planned periods are at most that many years apart, and proposals without planned years are left out.

Each cluster becomes an area (the members' convex hull, buffered) with its proposals, participants, themes, period, owners and tenants, the estimated heat demand, the trench length and the linear heat density in MWh per metre of trench and year, classed (&lt; 0.7, 0.7–1.5, 1.5–2.0, ≥ 2.0 by default) and flagged as a heat-network candidate from 1.5 MWh/(m·a).

Heat demand: from the chosen field of the building layer (the building containing the proposal, else the nearest within the search distance); otherwise the default per dwelling (15 MWh/a, times the building's dwellings when the layer has a field dwellings). Every building counts once. By default only the buildings of the clustered proposals count; with the scope &quot;all buildings in the cluster area&quot; every building of the area counts as connected (the potential of a network there). Trench: the minimum spanning tree of the buildings, along the streets when a street layer is given, plus one house connection per building.

Layers in another coordinate system are reprojected to the database's. The outputs hold no personal data; the report lists counts and figures only.</source>
        <translation>Findet mit DBSCAN Cluster zueinander passender Vorschläge (dieselben Cluster wie QGIS' eigenes DBSCAN-Clustering): die Vorschläge, deren Themen in der Verträglichkeitstabelle der Datenbank an der gewählten Synergie beteiligt sind, mit dem Status geprüft oder zugeordnet. Ein Kernpunkt hat mindestens die Mindestanzahl an Vorschlägen innerhalb des Abstands, sich selbst mitgezählt; mit einer Jahrestoleranz sind Vorschläge nur Nachbarn, wenn ihre geplanten Zeiträume höchstens so viele Jahre auseinanderliegen, und Vorschläge ohne geplante Jahre bleiben außen vor.

Jeder Cluster wird zu einer Fläche (die konvexe Hülle der Mitglieder, gepuffert) mit seinen Vorschlägen, Teilnehmenden, Themen, Zeitraum, Eigentümern und Mietern, dem geschätzten Wärmebedarf, der Trassenlänge und der Wärmeliniendichte in MWh je Meter Trasse und Jahr, in Klassen eingeteilt (standardmäßig &lt; 0,7, 0,7–1,5, 1,5–2,0, ≥ 2,0) und ab 1,5 MWh/(m·a) als Wärmenetz-Kandidat markiert.

Wärmebedarf: aus dem gewählten Feld des Gebäudelayers (das Gebäude, in dem der Vorschlag liegt, sonst das nächste innerhalb des Suchabstands); andernfalls der Standardwert je Wohnung (15 MWh/a, mal die Wohnungen des Gebäudes, wenn der Layer ein Feld dwellings hat). Jedes Gebäude zählt einmal. Standardmäßig zählen nur die Gebäude der Vorschläge im Cluster; mit der Auswahl „Alle Gebäude der Clusterfläche“ zählt jedes Gebäude der Fläche als angeschlossen (das Potenzial eines Netzes dort). Trasse: der minimale Spannbaum der Gebäude, entlang der Straßen, wenn ein Straßenlayer angegeben ist, plus ein Hausanschluss je Gebäude.

Layer in einem anderen Koordinatensystem werden in das der Datenbank umprojiziert. Die Ausgaben enthalten keine personenbezogenen Daten; der Bericht nennt nur Anzahlen und Kennzahlen.</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="732"/>
        <source>Synergy</source>
        <translation>Synergie</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="319"/>
        <source>Maximum distance between neighbours (m)</source>
        <translation>Höchstabstand zwischen Nachbarn (m)</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="325"/>
        <source>Minimum number of proposals (core point, itself included)</source>
        <translation>Mindestanzahl an Vorschlägen (Kernpunkt, sich selbst mitgezählt)</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="331"/>
        <source>Year tolerance (-1 = ignore the planned years)</source>
        <translation>Jahrestoleranz (-1 = geplante Jahre nicht beachten)</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="337"/>
        <source>Buildings with heat demand</source>
        <translation>Gebäude mit Wärmebedarf</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="343"/>
        <source>Heat demand field of the buildings (MWh/a)</source>
        <translation>Feld des Wärmebedarfs der Gebäude (MWh/a)</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="746"/>
        <source>Buildings that count</source>
        <translation>Berücksichtigte Gebäude</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="350"/>
        <source>Buildings of the clustered proposals</source>
        <translation>Gebäude der Vorschläge im Cluster</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="350"/>
        <source>All buildings in the cluster area</source>
        <translation>Alle Gebäude der Clusterfläche</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="357"/>
        <source>Streets (trench along the streets)</source>
        <translation>Straßen (Trasse entlang der Straßen)</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="363"/>
        <source>Class limit low (MWh/(m·a))</source>
        <translation>Klassengrenze niedrig (MWh/(m·a))</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="363"/>
        <source>Class limit middle (MWh/(m·a))</source>
        <translation>Klassengrenze mittel (MWh/(m·a))</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="363"/>
        <source>Class limit high (MWh/(m·a))</source>
        <translation>Klassengrenze hoch (MWh/(m·a))</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="751"/>
        <source>Heat-network candidate from (MWh/(m·a))</source>
        <translation>Wärmenetz-Kandidat ab (MWh/(m·a))</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="363"/>
        <source>Default heat demand per dwelling (MWh/a)</source>
        <translation>Standard-Wärmebedarf je Wohnung (MWh/a)</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="363"/>
        <source>House connection length per building (m)</source>
        <translation>Hausanschlusslänge je Gebäude (m)</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="363"/>
        <source>Buffer around the cluster area (m)</source>
        <translation>Puffer um die Clusterfläche (m)</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="363"/>
        <source>Search distance to the nearest building (m)</source>
        <translation>Suchabstand zum nächsten Gebäude (m)</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="363"/>
        <source>Maximum distance from a building to its street (m)</source>
        <translation>Höchstabstand eines Gebäudes zu seiner Straße (m)</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="383"/>
        <source>Synergy clusters</source>
        <translation>Synergiecluster</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="388"/>
        <source>Clustered proposals</source>
        <translation>Vorschläge mit Cluster</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="393"/>
        <source>Cluster report</source>
        <translation>Clusterbericht</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="393"/>
        <source>HTML (*.html)</source>
        <translation>HTML (*.html)</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="399"/>
        <source>Number of clusters</source>
        <translation>Anzahl der Cluster</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="400"/>
        <source>Heat-network candidates</source>
        <translation>Wärmenetz-Kandidaten</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="738"/>
        <source>Proposals analysed</source>
        <translation>Untersuchte Vorschläge</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="406"/>
        <source>Local heat network</source>
        <translation>Nahwärmenetz</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="407"/>
        <source>Joint tender / group purchase</source>
        <translation>Gemeinsame Ausschreibung / Sammelbestellung</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="408"/>
        <source>Combined works</source>
        <translation>Arbeiten bündeln</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="409"/>
        <source>Owner involvement</source>
        <translation>Eigentümer einbeziehen</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="419"/>
        <source>The maximum distance must be greater than 0 m (it is {value} m).</source>
        <translation>Der Höchstabstand muss größer als 0 m sein (er ist {value} m).</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="423"/>
        <source>A maximum distance of {value} m between neighbours is not plausible for a neighbourhood; use at most {limit} m.</source>
        <translation>Ein Höchstabstand von {value} m zwischen Nachbarn ist für ein Quartier nicht plausibel; höchstens {limit} m verwenden.</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="431"/>
        <source>The minimum number of proposals must be at least 2 (it is {value}).</source>
        <translation>Die Mindestanzahl an Vorschlägen muss mindestens 2 sein (sie ist {value}).</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="438"/>
        <source>The year tolerance must be -1 (off) or between 0 and {limit} years (it is {value}).</source>
        <translation>Die Jahrestoleranz muss -1 (aus) oder zwischen 0 und {limit} Jahren liegen (sie ist {value}).</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="444"/>
        <source>Unknown choice of the buildings that count.</source>
        <translation>Unbekannte Auswahl der berücksichtigten Gebäude.</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="447"/>
        <source>Unknown synergy.</source>
        <translation>Unbekannte Synergie.</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="450"/>
        <source>The class limits must be numbers of at least 0 in ascending order (low &lt; middle &lt; high).</source>
        <translation>Die Klassengrenzen müssen Zahlen von mindestens 0 in aufsteigender Reihenfolge sein (niedrig &lt; mittel &lt; hoch).</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="460"/>
        <source>“{parameter}” must be a number of at least 0 (it is {value}).</source>
        <translation>„{parameter}“ muss eine Zahl von mindestens 0 sein (ist {value}).</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="485"/>
        <source>The database&apos;s coordinate system ({crs}) is not projected in metres; distances in metres cannot be measured in it. Clustering refused.</source>
        <translation>Das Koordinatensystem der Datenbank ({crs}) ist nicht in Metern projiziert; Abstände in Metern lassen sich darin nicht messen. Clustering abgelehnt.</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="520"/>
        <source>The building layer has no field {field}.</source>
        <translation>Der Gebäudelayer hat kein Feld {field}.</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="524"/>
        <source>No heat demand field chosen: every building gets the default demand per dwelling.</source>
        <translation>Kein Feld für den Wärmebedarf gewählt: Jedes Gebäude erhält den Standardbedarf je Wohnung.</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="530"/>
        <source>Counting all buildings of the cluster area needs a building layer.</source>
        <translation>Um alle Gebäude der Clusterfläche zu berücksichtigen, wird ein Gebäudelayer benötigt.</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="534"/>
        <source>A heat demand field was given without a building layer; it is ignored.</source>
        <translation>Ein Feld für den Wärmebedarf wurde ohne Gebäudelayer angegeben; es wird nicht beachtet.</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="553"/>
        <source>No proposals for the synergy {synergy} (themes {themes}; status checked or matched): the outputs are empty.</source>
        <translation>Keine Vorschläge für die Synergie {synergy} (Themen {themes}; Status geprüft oder zugeordnet): Die Ausgaben sind leer.</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="630"/>
        <source>{clusters} clusters from {proposals} proposals ({noise} noise); {candidates} heat-network candidates.</source>
        <translation>{clusters} Cluster aus {proposals} Vorschlägen ({noise} ohne Cluster); {candidates} Wärmenetz-Kandidaten.</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="640"/>
        <source>Report written: {html} and {csv}</source>
        <translation>Bericht geschrieben: {html} und {csv}</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="668"/>
        <source>The building layer is in {source}; it is reprojected to the database&apos;s {target}.</source>
        <translation>Der Gebäudelayer liegt in {source}; er wird in das Koordinatensystem der Datenbank ({target}) umprojiziert.</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="689"/>
        <source>{count} clustered proposals lie in no building and none is within {distance} m: they count as a building of their own with the default demand.</source>
        <translation>{count} Vorschläge im Cluster liegen in keinem Gebäude und keines ist näher als {distance} m: Sie zählen als eigenes Gebäude mit dem Standardbedarf.</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="696"/>
        <source>{count} proposals are in buildings without a valid heat demand: the default demand per dwelling is used for them.</source>
        <translation>{count} Vorschläge liegen in Gebäuden ohne gültigen Wärmebedarf: Für sie wird der Standardbedarf je Wohnung verwendet.</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="703"/>
        <source>The street layer is in {source}; it is reprojected to the database&apos;s {target}.</source>
        <translation>Der Straßenlayer liegt in {source}; er wird in das Koordinatensystem der Datenbank ({target}) umprojiziert.</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="733"/>
        <source>Themes</source>
        <translation>Themen</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="734"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="734"/>
        <source>checked or matched</source>
        <translation>geprüft oder zugeordnet</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="735"/>
        <source>Maximum distance (m)</source>
        <translation>Höchstabstand (m)</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="736"/>
        <source>Minimum number of proposals</source>
        <translation>Mindestanzahl an Vorschlägen</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="737"/>
        <source>Year tolerance</source>
        <translation>Toleranz (Jahre)</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="737"/>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="739"/>
        <source>Clusters</source>
        <translation>Cluster</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="740"/>
        <source>Core / border / noise proposals</source>
        <translation>Vorschläge Kern / Rand / ohne Cluster</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="742"/>
        <source>Heat demand</source>
        <translation>Wärmebedarf</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="742"/>
        <source>field {field} of the building layer</source>
        <translation>Feld {field} des Gebäudelayers</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="742"/>
        <source>default {value} MWh/a per dwelling</source>
        <translation>Standardwert {value} MWh/a je Wohnung</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="746"/>
        <source>all buildings in the cluster area</source>
        <translation>alle Gebäude der Clusterfläche</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="746"/>
        <source>buildings of the clustered proposals</source>
        <translation>Gebäude der Vorschläge im Cluster</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="748"/>
        <source>House connection per building (m)</source>
        <translation>Hausanschluss je Gebäude (m)</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="749"/>
        <source>Trench</source>
        <translation>Trasse</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="749"/>
        <source>along the streets</source>
        <translation>entlang der Straßen</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="749"/>
        <source>straight lines</source>
        <translation>gerade Linien</translation>
    </message>
    <message>
        <location filename="../processing_provider/synergy_clusters.py" line="750"/>
        <source>Class limits (MWh/(m·a))</source>
        <translation>Klassengrenzen (MWh/(m·a))</translation>
    </message>
</context>
<context>
    <name>_PrivacyTaskDialog</name>
    <message>
        <location filename="../gui/privacy_dialog.py" line="98"/>
        <source>The task failed; nothing was changed. Details are in the MitMach log.</source>
        <translation>Der Vorgang ist fehlgeschlagen; nichts wurde geändert. Einzelheiten stehen im MitMach-Protokoll.</translation>
    </message>
    <message>
        <location filename="../gui/privacy_dialog.py" line="103"/>
        <source>MitMach</source>
        <translation>MitMach</translation>
    </message>
</context>
</TS>
