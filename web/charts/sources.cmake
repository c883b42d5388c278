# Chart sources. Logic: UI-free (ticks, scales, colours, formatting), built natively too so the
# unit tests can reach it. Drawing: on ImDrawList, browser build only.
set(TOUCHPOINT_CHARTS_LOGIC_SOURCES
    charts/scales.cpp)
set(TOUCHPOINT_CHARTS_DRAWING_SOURCES
    charts/bar_chart.cpp)
