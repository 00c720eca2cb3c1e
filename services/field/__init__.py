"""What phones in the field send: registration tokens, hazard reports (and, beside it, zero reports).

The HTTP listener and the desk both call these functions, so a hazard sent from a
phone and one looked at on the desk are the same row.
"""
