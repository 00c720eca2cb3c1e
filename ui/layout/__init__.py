"""The desk's layout: dock keys, map keys scoped to the map, a default layout per role."""
