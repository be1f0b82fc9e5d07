# Placeholder replaced by the HR import work.
from django.http import HttpResponse
from rules.contrib.views import permission_required


@permission_required("org.import_people")
def import_people(request):
    return HttpResponse("")
