from . import hr_applicant
from . import precontract_credential
from . import res_company
from . import res_config_settings
