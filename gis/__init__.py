"""Pure analysis and I/O on geopandas, shapely, pyproj and networkx (no Qt)."""
