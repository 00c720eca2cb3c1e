"""The Customer service dock, its list models and its map layers."""
