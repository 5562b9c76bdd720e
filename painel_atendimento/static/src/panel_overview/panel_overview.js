import {Component, onWillStart, useState} from "@odoo/owl";
import {registry} from "@web/core/registry";
import {useService} from "@web/core/utils/hooks";
import {Layout} from "@web/search/layout";
import {standardActionServiceProps} from "@web/webclient/actions/action_service";

/**
 * Atendimentos → Painel: one card per tab with the live count of each panel.
 * The counts come from the panels' own definitions (service.panel/get_overview),
 * so they always match what the panel lists when opened.
 */
export class PanelOverview extends Component {
    static template = "painel_atendimento.PanelOverview";
    static components = {Layout};
    static props = {...standardActionServiceProps};

    setup() {
        this.orm = useService("orm");
        this.actionService = useService("action");
        this.state = useState({tabs: [], loading: true});
        onWillStart(() => this.load());
    }

    async load() {
        this.state.loading = true;
        this.state.tabs = await this.orm.call("service.panel", "get_overview", []);
        this.state.loading = false;
    }

    openPanel(panel) {
        return this.actionService.doAction(panel.action);
    }
}

registry.category("actions").add("painel_atendimento.panel_overview", PanelOverview);
