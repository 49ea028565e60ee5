/** @odoo-module **/
// Copyright 2026 precontract
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
//
// Browser tours of the addon, started by tests/test_tours.py (HttpCase.start_tour). Values the
// Python test made (the sandbox address, a fresh key and certificate) arrive in
// window.precontractTour, set before the tour starts.
import { registry } from "@web/core/registry";

const tours = registry.category("web_tour.tours");

function given(name) {
    const values = window.precontractTour || {};
    if (!(name in values)) {
        throw new Error(`precontract tour: the test gave no value "${name}"`);
    }
    return values[name];
}

function fail(message) {
    throw new Error(`precontract tour: ${message}`);
}

// The test's key and certificate are attachments only the administrator can read: the tour
// fetches them, so they never appear in the tour's code (which a failing test prints).
async function uploadAttachment(input, name, attachmentId) {
    const response = await fetch(`/web/content/${attachmentId}?download=true`);
    if (!response.ok) {
        fail(`attachment ${attachmentId} could not be read (${response.status})`);
    }
    const transfer = new DataTransfer();
    transfer.items.add(new File([await response.blob()], name, { type: "application/x-pem-file" }));
    input.files = transfer.files;
    input.dispatchEvent(new Event("change", { bubbles: true }));
}

// A date or a date and time as Odoo 19 shows it ("Dec 1, 10:59 PM", "01/31/2027").
const DATE = /\d/;

tours.add("precontract_officer_asks_consent", {
    steps: () => [
        {
            content: "The officer presses the button in the applicant's form header",
            trigger: ".o_form_view .o_form_statusbar button[name='action_precontract_check']",
            run: "click",
        },
        {
            content: "The dialog shows the QR code",
            trigger: ".modal .o_field_widget[name='qr_code'] img[src]",
            run() {
                if (!this.anchor.getAttribute("src")) {
                    fail("the QR code image has no source");
                }
            },
        },
        {
            content: "… the approval link, on the sandbox's citizen portal",
            trigger: ".modal .o_field_widget[name='approval_url'] a[href*='/portal/']",
            run() {
                const href = this.anchor.getAttribute("href");
                if (!href.startsWith(given("sandboxUrl"))) {
                    fail(`the link ${href} is not on the sandbox ${given("sandboxUrl")}`);
                }
            },
        },
        {
            content: "… and until when the link is valid",
            trigger: ".modal .o_field_widget[name='approval_expires_at']",
            run() {
                if (!DATE.test(this.anchor.textContent)) {
                    fail(`no date in "${this.anchor.textContent}"`);
                }
            },
        },
    ],
});

tours.add("precontract_officer_reads_the_answer", {
    steps: () => [
        {
            content: "Once the applicant approved, the officer checks again",
            trigger: ".o_form_view .o_form_statusbar button[name='action_precontract_check']",
            run: "click",
        },
        {
            content: "A notification says the answer is on the tab",
            trigger: ".o_notification:contains('Precontractual data')",
        },
        {
            // The form reloads after the notification (and shows its first tab again): the
            // chatter's tracking line of the new status says the reload is done.
            content: "The chatter records the new access status",
            trigger: ".o-mail-Chatter .o-mail-Message:contains('Access granted')",
        },
        {
            content: "The officer opens the Precontractual data tab",
            trigger: ".o_notebook a.nav-link[name='precontract_data']",
            run: "click",
        },
        {
            content: "The access status reads granted",
            trigger: ".o_field_widget[name='precontract_mandate_status']:contains('Access granted')",
        },
        {
            content: "The flexi-job answer is shown",
            trigger: ".o_field_widget[name='precontract_flexi_eligible']:contains('Yes')",
        },
        {
            content: "… with the date until which it may be consulted",
            trigger: ".o_field_widget[name='precontract_flexi_consultable_until']",
            run() {
                if (!DATE.test(this.anchor.textContent)) {
                    fail(`no consultable-until date in "${this.anchor.textContent}"`);
                }
            },
        },
        {
            content: "… and so are the Student@work hours",
            trigger: ".o_field_widget[name='precontract_student_consultable_until']",
            run() {
                if (!DATE.test(this.anchor.textContent)) {
                    fail(`no consultable-until date in "${this.anchor.textContent}"`);
                }
            },
        },
    ],
});

tours.add("precontract_officer_types_an_invalid_niss", {
    steps: () => [
        {
            content: "Open the Precontractual data tab",
            trigger: ".o_notebook a.nav-link[name='precontract_data']",
            run: "click",
        },
        {
            content: "Type a NISS whose check digits are wrong",
            trigger: ".o_field_widget[name='precontract_ssin'] input",
            run: "edit 85.07.30-033.29",
        },
        {
            content: "Save",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "A clear message says the number is not valid",
            trigger: ".modal",
            run() {
                const text = this.anchor.textContent;
                if (!text.includes(given("invalidMessage"))) {
                    fail(`the message "${text}" does not say the NISS is invalid`);
                }
            },
        },
        {
            content: "Close the message",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Discard the change",
            trigger: ".o_form_view .o_form_button_cancel",
            run: "click",
        },
        {
            content: "The NISS field is empty again",
            trigger: ".o_field_widget[name='precontract_ssin'] input",
            run() {
                if (this.anchor.value) {
                    fail(`the NISS field still holds "${this.anchor.value}"`);
                }
            },
        },
    ],
});

tours.add("precontract_interviewer_sees_none_of_it", {
    steps: () => [
        {
            content: "The applicant's form is open",
            trigger: ".o_form_view .o_form_sheet .o_field_widget[name='partner_name']",
            run() {
                const form = document.querySelector(".o_form_view");
                for (const [what, selector] of [
                    ["the check button", "button[name='action_precontract_check']"],
                    ["the Precontractual data tab", "a.nav-link[name='precontract_data']"],
                    ["the NISS", ".o_field_widget[name='precontract_ssin']"],
                    ["the access status", ".o_field_widget[name='precontract_mandate_status']"],
                ]) {
                    if (form.querySelector(selector)) {
                        fail(`an interviewer sees ${what}`);
                    }
                }
            },
        },
    ],
});

tours.add("precontract_admin_configures_and_tests", {
    steps: () => [
        {
            content: "The settings show the eligibility block",
            trigger: "#precontract_credentials_setting",
        },
        {
            content: "Sandbox address",
            trigger: ".o_field_widget[name='precontract_sandbox_url'] input",
            async run(helpers) {
                await helpers.edit(given("sandboxUrl"));
            },
        },
        {
            content: "Client ID",
            trigger: ".o_field_widget[name='precontract_client_id'] input",
            async run(helpers) {
                await helpers.edit(given("clientId"));
            },
        },
        {
            content: "Requester enterprise number",
            trigger: ".o_field_widget[name='precontract_requester'] input",
            run: "edit 0123.456.749",
        },
        {
            content: "Upload the private key",
            trigger:
                ".o_field_widget[name='precontract_private_key_upload'] input[type='file']:not(:visible)",
            async run() {
                await uploadAttachment(this.anchor, "key.pem", given("keyAttachment"));
            },
        },
        {
            content: "Upload the certificate",
            trigger:
                ".o_field_widget[name='precontract_certificate_upload'] input[type='file']:not(:visible)",
            async run() {
                await uploadAttachment(this.anchor, "cert.pem", given("certificateAttachment"));
            },
        },
        {
            content: "The key is taken",
            trigger: ".o_field_widget[name='precontract_private_key_upload'] input.o_input[readonly]",
            run() {
                if (this.anchor.value !== "key.pem") {
                    fail(`the key field shows "${this.anchor.value}"`);
                }
            },
        },
        {
            content: "… and the certificate",
            trigger: ".o_field_widget[name='precontract_certificate_upload'] input.o_input[readonly]",
            run() {
                if (this.anchor.value !== "cert.pem") {
                    fail(`the certificate field shows "${this.anchor.value}"`);
                }
            },
        },
        {
            content: "Save",
            trigger: ".o_control_panel .o_form_button_save",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The stored key and certificate are described, never shown",
            trigger: ".o_field_widget[name='precontract_credentials_info']:contains('CN=odoo-tour')",
            run() {
                if (document.body.textContent.includes("PRIVATE KEY")) {
                    fail("the private key is shown back");
                }
            },
        },
        {
            content: "Test connection",
            trigger: "button[name='action_precontract_test_connection']",
            run: "click",
        },
        {
            content: "The test says in plain words that the connection works",
            trigger: ".o_notification:contains('The connection to social security works')",
        },
    ],
});
