from . import test_foundation
from . import test_tools
from . import test_interaction
from . import test_rating
from . import test_sla
