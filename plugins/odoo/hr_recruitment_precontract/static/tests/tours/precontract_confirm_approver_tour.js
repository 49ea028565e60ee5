/* Copyright 2026 precontract
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html). */
/**
 * Approved by someone — confirm, in the browser (tests/test_confirm_approver_tour.py). The
 * applicant's NISS is not filled in, so the request is bound to no one; the Python test approves
 * it on the sandbox as another citizen (or as the applicant) once it exists. The officer sees who
 * approved, in the dialog and on the form, and rejects or accepts.
 */
import { registry } from "@web/core/registry";

const tours = registry.category("web_tour.tours");
const APPROVER = "Lucas Janssens";
const MISMATCH = "does not match this applicant";

function fail(message) {
    throw new Error(`precontract tour: ${message}`);
}

// Press the button; the dialog waits for the approval and turns into "who approved" by itself.
const askAndWaitForTheApprover = [
    {
        content: "The officer presses the button in the applicant's form header",
        trigger: ".o_form_view .o_form_statusbar button[name='action_precontract_check']",
        run: "click",
    },
    {
        content: "The dialog shows the QR code and follows the request by itself",
        trigger: ".modal .o_precontract_live",
    },
    {
        content: "Once someone approved, the dialog names them (nothing pressed meanwhile)",
        trigger: `.modal .o_field_widget[name='approver_name']:contains(${APPROVER})`,
        timeout: 60000,
    },
    {
        content: "… with the approver's NISS masked and their birth date",
        trigger: ".modal .o_field_widget[name='approver_ssin_masked']:contains('***')",
        run() {
            const birth = document.querySelector(
                ".modal .o_field_widget[name='approver_birth_date']"
            );
            if (!birth || !/\d/.test(birth.textContent)) {
                fail("the dialog shows no birth date of the approver");
            }
        },
    },
];

tours.add("precontract_confirm_mismatch_and_reject", {
    steps: () => [
        ...askAndWaitForTheApprover,
        {
            content: "The dialog warns that the citizen does not match this applicant",
            trigger: `.modal .alert-danger:contains(${MISMATCH})`,
        },
        {
            content: "The officer rejects the citizen who approved",
            trigger: ".modal button[name='action_reject_approver']",
            run: "click",
        },
        {
            content: "Nothing was read: the notification says the request is dropped",
            trigger: ".o_notification:contains(nothing was read)",
        },
    ],
});

tours.add("precontract_confirm_shown_in_the_dialog", {
    steps: () => [
        ...askAndWaitForTheApprover,
        {
            content: "The approver matches this applicant: no warning, Accept and Reject offered",
            trigger: ".modal button[name='action_accept_approver']",
            run() {
                if (document.querySelector(".modal .alert-danger")) {
                    fail("a mismatch warning is shown for the applicant herself");
                }
                if (!document.querySelector(".modal button[name='action_reject_approver']")) {
                    fail("the dialog offers no Reject");
                }
            },
        },
    ],
});

tours.add("precontract_confirm_accept_on_the_form", {
    steps: () => [
        {
            content: "The officer opens the Precontractual data tab",
            trigger: ".o_notebook a.nav-link[name='precontract_data']",
            run: "click",
        },
        {
            content: "The tab says the approval waits for a confirmation",
            trigger:
                ".o_field_widget[name='precontract_mandate_status']:contains(Approved by someone)",
        },
        {
            content: "… names who approved, without a warning, and shows no value yet",
            trigger: `.o_field_widget[name='precontract_approver_name']:contains(${APPROVER})`,
            run() {
                const form = document.querySelector(".o_form_view");
                if (form.querySelector(".alert-danger")) {
                    fail("a mismatch warning is shown for the applicant herself");
                }
                for (const name of ["precontract_flexi_eligible", "precontract_student_year"]) {
                    if (form.querySelector(`.o_field_widget[name='${name}']`)) {
                        fail(`${name} is shown before the approver was accepted`);
                    }
                }
            },
        },
        {
            content: "The officer accepts the citizen who approved",
            trigger: "button[name='action_precontract_accept_approver']",
            run: "click",
        },
        {
            content: "A notification says the values are on the tab",
            trigger: ".o_notification:contains(Precontractual data)",
        },
        {
            // The form reloads after the notification: the chatter's tracking line of the new
            // status says the reload is done.
            content: "The chatter records the new access status",
            trigger: ".o-mail-Chatter .o-mail-Message:contains(Access granted)",
        },
        {
            content: "The officer opens the Precontractual data tab again",
            trigger: ".o_notebook a.nav-link[name='precontract_data']",
            run: "click",
        },
        {
            content: "The Student@work hours of the accepted citizen are shown",
            trigger: ".o_field_widget[name='precontract_student_hours_remaining']:contains(650)",
        },
        {
            content: "Who approved is no longer asked about",
            trigger: ".o_field_widget[name='precontract_mandate_status']:contains(Access granted)",
            run() {
                if (document.querySelector("button[name='action_precontract_accept_approver']")) {
                    fail("Accept is still offered after accepting");
                }
            },
        },
    ],
});
