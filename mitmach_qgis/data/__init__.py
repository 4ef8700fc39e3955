"""Storage: schema, migrations and the GeoPackage store (PostGIS follows behind the same interface)."""
