"""Correcting a repair's life: milestone times with a reason, confirmed closing, vehicle status following."""
