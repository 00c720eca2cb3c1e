"""WaterGuard's store and domain tables. No Qt, no ui, no gis here.

Importing the package registers every table on :data:`models.base.Base.metadata`.
"""

from models import audit, customers, drill, duty, event, field, import_log, isolation, leak_survey, network, patrol, repair, resources, streets  # noqa: F401  (register tables)
from models.base import Base

metadata = Base.metadata

__all__ = ["Base", "metadata"]
