from . import attachment
from . import rating
