"""Public and internal exports: anonymised layers, the public-export guard, layouts and the web map."""
