from . import test_hr_applicant_precontract
