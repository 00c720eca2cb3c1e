"""The leak survey (测漏数据采集): survey points, readings, the day's status, logger CSV imports."""

from services.leak_survey.survey import (
    REFUSED,
    REPEAT,
    STORED,
    DuePoint,
    LeakDayStatus,
    Reader,
    ReadingOutcome,
    day_status,
    due_points,
    record_reading,
)

__all__ = ["REFUSED", "REPEAT", "STORED", "DuePoint", "LeakDayStatus", "Reader", "ReadingOutcome", "day_status",
           "due_points", "record_reading"]
