"""Messages to the user: service errors translated and shown next to the field, not in modal boxes."""
