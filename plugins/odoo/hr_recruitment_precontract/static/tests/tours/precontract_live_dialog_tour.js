/* Copyright 2026 precontract
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html). */
/**
 * The officer presses the button, the dialog shows the QR code and waits; the applicant approves
 * (the Python test does it on the sandbox) and the dialog turns into the answer by itself: no
 * button is pressed after the first one.
 */
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("precontract_live_dialog", {
    steps: () => [
        {
            content: "Ask for the applicant's consent",
            trigger: "button[name=action_precontract_check]",
            run: "click",
        },
        {
            content: "The dialog shows the QR code and follows the request by itself",
            trigger: ".modal .o_precontract_live",
        },
        {
            content: "Once approved, the answer is announced without pressing anything",
            trigger: ".o_notification:contains(The values are on)",
            timeout: 60000,
        },
        {
            content: "The dialog closed itself",
            trigger: "body:not(:has(.modal .o_precontract_live))",
        },
    ],
});

/**
 * The officer looks at an applicant whose request waits (the dialog was closed); the applicant
 * approves; the form shows the answer by itself.
 */
registry.category("web_tour.tours").add("precontract_live_form", {
    steps: () => [
        {
            content: "The form follows the waiting request by itself",
            trigger: ".o_form_view .o_precontract_live",
        },
        {
            content: "Open the Precontractual data tab",
            trigger: "a.nav-link:contains(Precontractual data)",
            run: "click",
        },
        {
            content: "Once approved, the tab shows the answer without pressing anything",
            trigger: ".o_field_widget[name=precontract_mandate_status]:contains(Access granted)",
            timeout: 60000,
        },
        {
            content: "The Student@work year reads as a year",
            trigger: ".o_field_widget[name=precontract_student_year]:contains(2026)",
        },
    ],
});
