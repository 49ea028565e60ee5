from . import test_hr_applicant_precontract
from . import test_live_dialog
from . import test_batches
from . import test_employers
from . import test_retention
from . import test_officer_view
from . import test_live_dialog_tour
from . import test_tours
