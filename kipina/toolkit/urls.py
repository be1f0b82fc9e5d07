from django.urls import path

from kipina.toolkit.views import agendas, methods, transfer

app_name = "toolkit"

urlpatterns = [
    # The method library (views/methods.py)
    path("", methods.library, name="library"),
    path("methods/new/", methods.method_new, name="method_new"),
    path("methods/export.json", transfer.methods_export, name="methods_export"),
    path("methods/import/", transfer.methods_import, name="methods_import"),
    path("methods/<slug:key>/", methods.method_detail, name="method"),
    path("methods/<slug:key>/edit/", methods.method_edit, name="method_edit"),
    path("methods/<slug:key>/history/", methods.method_history, name="method_history"),
    path("methods/<slug:key>/diff/", methods.method_diff, name="method_diff"),
    path(
        "methods/<slug:key>/revert/<int:history_id>/",
        methods.method_revert,
        name="method_revert",
    ),
    path("methods/<slug:key>/publish/", methods.method_publish, name="method_publish"),
    path("methods/<slug:key>/unpublish/", methods.method_unpublish, name="method_unpublish"),
    path("methods/<slug:key>/comment/", methods.method_comment, name="method_comment"),
    path("methods/<slug:key>/use/", methods.method_use, name="method_use"),
    # Agendas (views/agendas.py)
    path("agendas/", agendas.agenda_list, name="agendas"),
    path("agendas/new/", agendas.agenda_new, name="agenda_new"),
    path("agendas/<int:pk>/", agendas.agenda_detail, name="agenda"),
    path("agendas/<int:pk>/edit/", agendas.agenda_edit, name="agenda_edit"),
    path("agendas/<int:pk>/blocks/add/", agendas.block_add, name="block_add"),
    path("agendas/<int:pk>/blocks/<int:block_id>/", agendas.block_edit, name="block_edit"),
    path("agendas/<int:pk>/blocks/<int:block_id>/move/", agendas.block_move, name="block_move"),
    path(
        "agendas/<int:pk>/blocks/<int:block_id>/delete/",
        agendas.block_delete,
        name="block_delete",
    ),
    path("agendas/<int:pk>/reorder/", agendas.blocks_reorder, name="blocks_reorder"),
    path("agendas/<int:pk>/duplicate/", agendas.agenda_duplicate, name="agenda_duplicate"),
    path("agendas/<int:pk>/template/", agendas.agenda_save_template, name="agenda_template"),
    path("agendas/<int:pk>/print/", agendas.agenda_print, name="agenda_print"),
    path("agendas/<int:pk>/delete/", agendas.agenda_delete, name="agenda_delete"),
    path("shared/<str:token>/", agendas.agenda_shared, name="agenda_shared"),
    path("orders/<int:order_pk>/methods/", agendas.order_method_feedback, name="order_methods"),
]
