import {onWillStart, useState} from "@odoo/owl";
import {useService} from "@web/core/utils/hooks";
import {user} from "@web/core/user";

const NEW_TICKET_GROUP = "painel_atendimento.group_tool_new_ticket";

/**
 * Tool "Novo atendimento" in the control panel of a panel's pivot or graph (the
 * Gráfico sintético of the Abertos tab): shown when the action's context asks for
 * it (`painel_new_ticket`) to a user with the tool's group; the server checks the
 * right again when the ticket is saved.
 *
 * @param {Object} props the view's props
 * @returns {Object}
 */
export function useNewTicketTool(props) {
    const action = useService("action");
    const state = useState({visible: false});
    onWillStart(async () => {
        state.visible =
            Boolean(props.context && props.context.painel_new_ticket) &&
            (await user.hasGroup(NEW_TICKET_GROUP));
    });
    return {
        state,
        open: () =>
            action.doAction({
                type: "ir.actions.act_window",
                res_model: "service.ticket",
                views: [[false, "form"]],
                target: "current",
            }),
    };
}
