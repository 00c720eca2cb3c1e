"""Pure analysis and I/O: geopandas, shapely 2, pyproj, pyogrio, networkx. No Qt, no sessions."""
