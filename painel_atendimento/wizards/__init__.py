from . import service_ticket_wizard_mixin
from . import service_ticket_forward_wizard
from . import service_ticket_close_wizard
