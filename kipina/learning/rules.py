"""Who may do what with strategic competences.

Everyone signed in reads the frameworks; coordinators (and admins) import and replace them.
"""

import rules

from kipina.core.rules import has_person, is_coordinator_or_admin

rules.add_perm("learning.view_frameworks", has_person | is_coordinator_or_admin)
rules.add_perm("learning.import_framework", is_coordinator_or_admin)
