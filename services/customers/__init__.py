"""Customer service: accounts and meters, meters due, zero-volume users, readers, connections, tickets.

The desk (``ui/customers``) and the command line (``cli/customers.py``) call
these use cases, so they give the same answers. Bulk lists (meters due,
zero-volume users over a million accounts) are SQL aggregates plus numpy.
"""
