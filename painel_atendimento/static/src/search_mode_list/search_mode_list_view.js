import {Domain} from "@web/core/domain";
import {registry} from "@web/core/registry";
import {SearchModel} from "@web/search/search_model";
import {ListController} from "@web/views/list/list_controller";
import {listView} from "@web/views/list/list_view";

// Query items that only arrange the records: they are no search
const ARRANGING_TYPES = ["groupBy", "dateGroupBy", "comparison"];

/**
 * "Modo pesquisa" of the spec: a panel whose action context has
 * `painel_search_mode` lists nothing until the operator searches (any filter or
 * search field) or asks for every record with the "List All" filter.
 */
export class PanelSearchModeSearchModel extends SearchModel {
    get isSearchPending() {
        return (
            Boolean(this.globalContext.painel_search_mode) &&
            !this.query.some(
                ({searchItemId}) =>
                    !ARRANGING_TYPES.includes(this.searchItems[searchItemId].type)
            )
        );
    }

    _getDomain(params = {}) {
        // Favorites are saved without the global domain: never with the pending one
        if (params.withGlobal === false || !this.isSearchPending) {
            return super._getDomain(params);
        }
        const pending = Domain.and([
            super._getDomain({...params, raw: true}),
            Domain.FALSE,
        ]);
        return params.raw ? pending : pending.toList(this.domainEvalContext);
    }

    listAll() {
        const [listAll] = this.getSearchItems((item) => item.name === "list_all");
        if (listAll) {
            this.toggleSearchItem(listAll.id);
        }
    }
}

export class PanelSearchModeListController extends ListController {
    onClickListAll() {
        this.env.searchModel.listAll();
    }
}

export const panelSearchModeListView = {
    ...listView,
    SearchModel: PanelSearchModeSearchModel,
    Controller: PanelSearchModeListController,
    buttonTemplate: "painel_atendimento.SearchModeListView.Buttons",
};

registry.category("views").add("painel_search_mode_list", panelSearchModeListView);
