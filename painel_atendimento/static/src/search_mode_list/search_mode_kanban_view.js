import {PanelSearchModeSearchModel} from "./search_mode_list_view";
import {KanbanController} from "@web/views/kanban/kanban_controller";
import {kanbanView} from "@web/views/kanban/kanban_view";
import {registry} from "@web/core/registry";

/**
 * The panels' cards (phones): the same "modo pesquisa" as their lists, with the
 * "List All" button while nothing is searched yet.
 */
export class PanelKanbanController extends KanbanController {
    onClickListAll() {
        this.env.searchModel.listAll();
    }
}

export const panelKanbanView = {
    ...kanbanView,
    SearchModel: PanelSearchModeSearchModel,
    Controller: PanelKanbanController,
    buttonTemplate: "painel_atendimento.PanelKanbanView.Buttons",
};

registry.category("views").add("painel_kanban", panelKanbanView);
