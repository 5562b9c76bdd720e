import {PivotController} from "@web/views/pivot/pivot_controller";
import {pivotView} from "@web/views/pivot/pivot_view";
import {registry} from "@web/core/registry";
import {useNewTicketTool} from "./new_ticket_tool";

export class PanelPivotController extends PivotController {
    static template = "painel_atendimento.PanelPivotView";

    setup() {
        super.setup();
        this.newTicket = useNewTicketTool(this.props);
    }
}

export const panelPivotView = {
    ...pivotView,
    Controller: PanelPivotController,
};

registry.category("views").add("painel_pivot", panelPivotView);
