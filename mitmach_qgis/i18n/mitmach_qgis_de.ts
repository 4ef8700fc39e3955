<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>@default</name>
    <message>
        <location filename="../cli.py" line="57" />
        <source>Cannot create the output folder {path}: {error}</source>
        <translation>Der Ausgabeordner {path} kann nicht angelegt werden: {error}</translation>
    </message>
    <message>
        <location filename="../cli.py" line="58" />
        <source>Demo output folder: {path}</source>
        <translation>Ausgabeordner der Demo: {path}</translation>
    </message>
    <message>
        <location filename="../cli.py" line="63" />
        <source>MitMach: neighbourhood energy-renovation participation, headless commands.</source>
        <translation>MitMach: Beteiligung an der energetischen Sanierung in der Nachbarschaft, Befehle ohne Oberfläche.</translation>
    </message>
    <message>
        <location filename="../cli.py" line="67" />
        <source>print debug messages</source>
        <translation>Debug-Meldungen ausgeben</translation>
    </message>
    <message>
        <location filename="../cli.py" line="69" />
        <source>build the demo participation database and its outputs</source>
        <translation>die Demo-Beteiligungsdatenbank und ihre Ergebnisse erzeugen</translation>
    </message>
    <message>
        <location filename="../cli.py" line="70" />
        <source>output folder (created if missing)</source>
        <translation>Ausgabeordner (wird bei Bedarf angelegt)</translation>
    </message>
    <message>
        <location filename="../cli.py" line="86" />
        <source>Error: {message}</source>
        <translation>Fehler: {message}</translation>
    </message>
</context>
<context>
    <name>MitMachPlugin</name>
    <message>
        <location filename="../plugin.py" line="57" />
        <source>&amp;MitMach</source>
        <translation>&amp;MitMach</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="67" />
        <source>MitMach</source>
        <translation>MitMach</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="71" />
        <source>MitMach help</source>
        <translation>MitMach-Hilfe</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="71" />
        <source>Open the MitMach documentation in the web browser</source>
        <translation>Die MitMach-Dokumentation im Webbrowser öffnen</translation>
    </message>
</context>
<context>
    <name>MitMachProvider</name>
    <message>
        <location filename="../processing_provider/provider.py" line="28" />
        <source>MitMach</source>
        <translation>MitMach</translation>
    </message>
    <message>
        <location filename="../processing_provider/provider.py" line="31" />
        <source>MitMach – neighbourhood energy-renovation participation</source>
        <translation>MitMach – Beteiligung an der energetischen Sanierung in der Nachbarschaft</translation>
    </message>
</context>
</TS>