from . import service_wizard_input_mixin
from . import service_ticket_wizard_mixin
from . import service_ticket_forward_wizard
from . import service_ticket_close_wizard
from . import service_sla_change_wizard
from . import resource_calendar_holiday_wizard
from . import service_ticket_search_wizard
