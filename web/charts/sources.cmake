# Chart sources. Logic: UI-free (ticks, date axes, colour scales, binning, zoom arithmetic, CSV),
# built natively too so the unit tests can reach it. Drawing: on ImDrawList, browser build only.
set(TOUCHPOINT_CHARTS_LOGIC_SOURCES
    charts/chart_csv.cpp
    charts/colour_scale.cpp
    charts/date_axis.cpp
    charts/histogram.cpp
    charts/palette.cpp
    charts/scales.cpp
    charts/series_lookup.cpp
    charts/view_range.cpp)
set(TOUCHPOINT_CHARTS_DRAWING_SOURCES
    charts/chart.cpp
    charts/chart_gallery.cpp
    charts/chart_heatmap.cpp
    charts/chart_interaction.cpp
    charts/chart_xy.cpp)
