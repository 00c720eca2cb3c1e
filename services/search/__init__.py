"""Search: the store's teams and vehicles for the desk's search field."""
