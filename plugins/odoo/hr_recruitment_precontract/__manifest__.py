# Copyright 2026 precontract
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
{
    "name": "Recruitment: Flexi-job and Student@work Eligibility (Belgium)",
    "summary": "Check an applicant's flexi-job eligibility and Student@work hours "
    "under a citizen mandate (NSSO)",
    "version": "19.0.1.0.0",
    "category": "Human Resources/Recruitment",
    "author": "precontract",
    "license": "LGPL-3",
    "depends": ["hr_recruitment", "mail", "bus"],
    "external_dependencies": {"python": ["precontract"]},
    "data": [
        "security/ir.model.access.csv",
        "security/precontract_security.xml",
        "data/mail_template_data.xml",
        "data/ir_cron_data.xml",
        "data/ir_cron_recheck.xml",
        "wizards/precontract_approval_wizard_views.xml",
        "views/hr_applicant_views.xml",
        "views/hr_applicant_recheck_views.xml",
        "views/precontract_employer_views.xml",
        "views/res_config_settings_views.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "hr_recruitment_precontract/static/src/precontract_live.js",
            "hr_recruitment_precontract/static/src/precontract_live.xml",
        ],
        # The browser tours, loaded only in test mode (tests/test_tours.py starts them).
        "web.assets_tests": ["hr_recruitment_precontract/static/tests/tours/**/*"],
    },
    "development_status": "Beta",
}
