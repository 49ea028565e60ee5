from . import precontract_approval_wizard
