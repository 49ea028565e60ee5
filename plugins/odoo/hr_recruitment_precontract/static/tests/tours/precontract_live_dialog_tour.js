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
