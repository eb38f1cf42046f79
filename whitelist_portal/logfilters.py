"""Logging filters: a refused request (403) is an answer, not a fault — logged on one line, without a traceback."""

import logging


class RefusalWithoutTraceback(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
