# Table sources. Logic: UI-free (sorting, filtering, copying, cell text), built natively too.
# Drawing: the ImGui table widget, browser build only.
set(TOUCHPOINT_WIDGETS_LOGIC_SOURCES
    widgets/table_view.cpp)
set(TOUCHPOINT_WIDGETS_DRAWING_SOURCES)
