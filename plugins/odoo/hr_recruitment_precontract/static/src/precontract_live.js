/* Copyright 2026 precontract
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html). */
/**
 * Live updates while an access request waits for the applicant.
 *
 * - In the approval dialog, `precontract_live_approval` asks the server every few seconds
 *   (`action_poll`) and at once when the bus says this applicant's status changed; when the
 *   answer is in, the dialog closes and the notification shows, or it turns into the new state.
 * - On the applicant form, `precontract_live_status` does the same for a record whose request is
 *   waiting (`precontract_poll`), and reloads the record when its status changed.
 *
 * The server decides how often the social security is asked; polling here only reads Odoo.
 */
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardWidgetProps } from "@web/views/widgets/standard_widget_props";
import { Component, onMounted, onWillUnmount } from "@odoo/owl";

const BUS_STATUS = "hr_recruitment_precontract/status";
const WAITING = ["needs_approval", "pending"];
const DIALOG_POLL_MS = 4000;
const FORM_POLL_MS = 15000;

class LiveBase extends Component {
    static props = standardWidgetProps;
    static template = "hr_recruitment_precontract.LiveStatus";

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.bus = useService("bus_service");
        this.busy = false;
        this.onBus = (payload) => {
            if (payload && payload.applicant_id === this.applicantId) {
                this.tick();
            }
        };
        onMounted(() => {
            this.bus.subscribe(BUS_STATUS, this.onBus);
            this.timer = setInterval(() => this.tick(), this.interval);
        });
        onWillUnmount(() => {
            clearInterval(this.timer);
            this.bus.unsubscribe(BUS_STATUS, this.onBus);
        });
    }

    get waiting() {
        return WAITING.includes(this.props.record.data[this.statusField]);
    }

    async tick() {
        if (this.busy || !this.waiting || !this.props.record.resId) {
            return;
        }
        this.busy = true;
        try {
            await this.poll();
        } finally {
            this.busy = false;
        }
    }
}

export class LiveApproval extends LiveBase {
    interval = DIALOG_POLL_MS;
    statusField = "state";

    get applicantId() {
        const applicant = this.props.record.data.applicant_id;
        return applicant && applicant.id;
    }

    async poll() {
        const next = await this.orm.call("precontract.approval.wizard", "action_poll", [
            [this.props.record.resId],
        ]);
        if (!next) {
            return;
        }
        clearInterval(this.timer);
        if (next.type !== "ir.actions.act_window") {
            await this.action.doAction({ type: "ir.actions.act_window_close" });
        }
        await this.action.doAction(next);
    }
}

export class LiveStatus extends LiveBase {
    interval = FORM_POLL_MS;
    statusField = "precontract_mandate_status";

    get applicantId() {
        return this.props.record.resId;
    }

    async poll() {
        const answer = await this.orm.call("hr.applicant", "precontract_poll", [
            [this.props.record.resId],
        ]);
        if (answer && answer.changed && !this.props.record.dirty) {
            await this.props.record.load();
        }
    }
}

registry.category("view_widgets").add("precontract_live_approval", { component: LiveApproval });
registry.category("view_widgets").add("precontract_live_status", { component: LiveStatus });
