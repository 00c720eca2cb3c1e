"""The desk's alarms: acknowledging overrun repairs (audited)."""
