# Table sources. Logic: UI-free (sorting, filtering, copying, cell text), built natively too.
# Drawing: the ImGui table widget, browser build only.
set(TOUCHPOINT_WIDGETS_LOGIC_SOURCES
    widgets/cell_text.cpp
    widgets/dataset_tables.cpp
    widgets/row_selection.cpp
    widgets/table_order_job.cpp
    widgets/table_source.cpp
    widgets/table_view.cpp)
set(TOUCHPOINT_WIDGETS_DRAWING_SOURCES
    widgets/data_table.cpp)
