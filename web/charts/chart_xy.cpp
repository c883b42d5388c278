// Charts over an x axis (numbers, dates or categories): axes, gridlines, the series, and the
// hover read-out with its crosshair.
#include "charts/chart_context.hpp"
#include "charts/date_axis.hpp"
#include "charts/series_lookup.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace touchpoint::charts::detail {

namespace {

constexpr float line_thickness = 2.0f;
constexpr float marker_radius = 3.0f;
constexpr float band_alpha = 0.25f;
constexpr float category_bar_share = 0.72f;  // of a category's slot
constexpr float pixels_per_x_tick = 75.0f;
constexpr float pixels_per_y_tick = 36.0f;

struct Axes {
    Range x_view;
    double y_low = 0, y_high = 1;
    ImVec2 min, max;  // the plot rectangle

    float screen_x(double x) const {
        return min.x + static_cast<float>((x - x_view.low) / x_view.width()) * (max.x - min.x);
    }
    float screen_y(double y) const {
        return max.y - static_cast<float>((y - y_low) / (y_high - y_low)) * (max.y - min.y);
    }
    ImVec2 screen(double x, double y) const { return {screen_x(x), screen_y(y)}; }
    double x_at(float pixel) const { return x_view.low + (pixel - min.x) / (max.x - min.x) * x_view.width(); }
};

struct AxisTick {
    double value;
    std::string label;
};

bool is_bar_like(SeriesKind kind) {
    return kind == SeriesKind::Bars || kind == SeriesKind::StackedBars || kind == SeriesKind::Histogram;
}

// All series count, hidden or not, so hiding one does not shift the x axis.
Range data_extent(const ChartContext& chart) {
    if (!chart.categories.empty()) return {-0.5, static_cast<double>(chart.categories.size()) - 0.5};
    double low = std::numeric_limits<double>::infinity();
    double high = -low;
    for (const auto& series : chart.series) {
        const double half_bar = series.kind == SeriesKind::Bars ? series.bar_width / 2 : 0.0;
        for (double x : series.xs)
            if (std::isfinite(x)) {
                low = std::min(low, x - half_bar);
                high = std::max(high, x + half_bar);
            }
    }
    if (!(low <= high)) return {0, 1};
    if (low == high) {
        const double half = chart.options.x_format == AxisFormat::Date ? 1.0 : 0.5;
        return {low - half, high + half};
    }
    return {low, high};
}

bool inside(double x, Range view) { return x >= view.low && x <= view.high; }

// The y extent of what is visible in the x view.
std::pair<double, double> visible_y_extent(const ChartContext& chart, Range view) {
    double low = std::numeric_limits<double>::infinity();
    double high = -low;
    bool includes_zero = chart.options.y_includes_zero;
    auto take = [&](double y) {
        if (!std::isfinite(y)) return;
        low = std::min(low, y);
        high = std::max(high, y);
    };
    std::vector<double> stack_up(chart.categories.size(), 0.0), stack_down(chart.categories.size(), 0.0);
    for (const auto& series : chart.series) {
        if (!series.visible) continue;
        includes_zero = includes_zero || is_bar_like(series.kind);
        switch (series.kind) {
            case SeriesKind::Histogram:
                for (std::size_t b = 0; b < series.ys.size(); ++b)
                    if (series.xs[b + 1] >= view.low && series.xs[b] <= view.high) take(series.ys[b]);
                break;
            case SeriesKind::StackedBars:
                for (std::size_t c = 0; c < series.ys.size(); ++c) {
                    if (!std::isfinite(series.ys[c])) continue;
                    (series.ys[c] >= 0 ? stack_up[c] : stack_down[c]) += series.ys[c];
                }
                break;
            case SeriesKind::Band:
                for (std::size_t i = 0; i < series.xs.size(); ++i)
                    if (inside(series.xs[i], view)) {
                        take(series.ys[i]);
                        take(series.highs[i]);
                    }
                break;
            case SeriesKind::Bars:
                for (std::size_t i = 0; i < series.xs.size(); ++i)
                    if (series.xs[i] + series.bar_width / 2 >= view.low && series.xs[i] - series.bar_width / 2 <= view.high)
                        take(series.ys[i]);
                break;
            default:
                for (std::size_t i = 0; i < series.xs.size(); ++i)
                    if (inside(series.xs[i], view)) take(series.ys[i]);
                break;
        }
    }
    for (std::size_t c = 0; c < chart.categories.size(); ++c)
        if (inside(static_cast<double>(c), {view.low - 0.5, view.high + 0.5})) {
            take(stack_up[c]);
            take(stack_down[c]);
        }
    if (!(low <= high)) return {0.0, 1.0};
    if (includes_zero) {
        low = std::min(low, 0.0);
        high = std::max(high, 0.0);
    }
    return {low, high};
}

std::vector<AxisTick> x_axis_ticks(const ChartContext& chart, Range view, float plot_width) {
    std::vector<AxisTick> ticks;
    const int wanted = std::max(2, static_cast<int>(plot_width / pixels_per_x_tick));
    if (!chart.categories.empty()) {
        // One tick per category, thinned so labels never overlap.
        float widest = 0;
        for (const auto& category : chart.categories) widest = std::max(widest, ImGui::CalcTextSize(category.c_str()).x);
        const float slot = plot_width / static_cast<float>(std::max(view.width(), 1e-9));
        const auto every = std::max(1, static_cast<int>(std::ceil((widest + 12.0f) / std::max(slot, 1e-3f))));
        const auto first = static_cast<int>(std::max(0.0, std::ceil(view.low)));
        const auto last = static_cast<int>(std::min(static_cast<double>(chart.categories.size()) - 1, std::floor(view.high)));
        for (int c = first; c <= last; ++c)
            if (c % every == 0) ticks.push_back({static_cast<double>(c), chart.categories[static_cast<std::size_t>(c)]});
        return ticks;
    }
    if (chart.options.x_format == AxisFormat::Date) {
        const DateTicks dates = date_ticks(view.low, view.high, wanted);
        for (std::size_t i = 0; i < dates.days.size(); ++i) ticks.push_back({dates.days[i], dates.labels[i]});
        return ticks;
    }
    const Ticks numeric = nice_ticks(view.low, view.high, wanted);
    const double tolerance = numeric.step * 1e-9;
    for (double value : numeric.values)
        if (value >= view.low - tolerance && value <= view.high + tolerance)
            ticks.push_back({value, tick_label(value, numeric.step, chart.options.x_format, chart.format)});
    return ticks;
}

// --- Series -------------------------------------------------------------------------------

void draw_polyline(ImDrawList* draw, const std::vector<ImVec2>& points, ImU32 colour) {
    if (points.size() >= 2) draw->AddPolyline(points.data(), static_cast<int>(points.size()), colour, ImDrawFlags_None, line_thickness);
}

// A line through the points, broken where a value is missing.
void draw_line(ImDrawList* draw, const Axes& axes, const Series& series, bool as_steps) {
    std::vector<ImVec2> points;
    for (std::size_t i = 0; i < series.xs.size(); ++i) {
        if (!std::isfinite(series.xs[i]) || !std::isfinite(series.ys[i])) {
            draw_polyline(draw, points, series.colour);
            points.clear();
            continue;
        }
        const ImVec2 point = axes.screen(series.xs[i], series.ys[i]);
        if (as_steps && !points.empty()) points.emplace_back(point.x, points.back().y);
        points.push_back(point);
    }
    draw_polyline(draw, points, series.colour);
}

// Quads between neighbouring points, without anti-aliased fringes, which would draw seams
// where the quads meet.
void draw_band(ImDrawList* draw, const Axes& axes, const Series& series) {
    const ImU32 fill = with_alpha(series.colour, band_alpha);
    const ImDrawListFlags saved = draw->Flags;
    draw->Flags &= ~ImDrawListFlags_AntiAliasedFill;
    for (std::size_t i = 0; i + 1 < series.xs.size(); ++i) {
        const double values[] = {series.xs[i], series.xs[i + 1], series.ys[i], series.ys[i + 1], series.highs[i], series.highs[i + 1]};
        if (!std::all_of(std::begin(values), std::end(values), [](double v) { return std::isfinite(v); })) continue;
        draw->PathLineTo(axes.screen(series.xs[i], series.ys[i]));
        draw->PathLineTo(axes.screen(series.xs[i], series.highs[i]));
        draw->PathLineTo(axes.screen(series.xs[i + 1], series.highs[i + 1]));
        draw->PathLineTo(axes.screen(series.xs[i + 1], series.ys[i + 1]));
        draw->PathFillConvex(fill);
    }
    draw->Flags = saved;
}

void draw_scatter(ImDrawList* draw, const Axes& axes, const Series& series) {
    for (std::size_t i = 0; i < series.xs.size(); ++i)
        if (std::isfinite(series.xs[i]) && std::isfinite(series.ys[i]))
            draw->AddCircleFilled(axes.screen(series.xs[i], series.ys[i]), marker_radius, series.colour, 12);
}

void draw_bar(ImDrawList* draw, const Axes& axes, double x0, double x1, double y0, double y1, ImU32 colour) {
    const float left = axes.screen_x(x0), right = std::max(axes.screen_x(x1), left + 1.0f);
    const float top = axes.screen_y(std::max(y0, y1)), bottom = axes.screen_y(std::min(y0, y1));
    draw->AddRectFilled(ImVec2(left, top), ImVec2(right, bottom), colour);
}

// Several bar series side by side: each takes its share of the bar width.
void draw_bar_series(ImDrawList* draw, const Axes& axes, const Series& series, int group_index, int group_size) {
    const double width = series.bar_width / group_size;
    const double offset = (group_index - (group_size - 1) / 2.0) * width;
    for (std::size_t i = 0; i < series.xs.size(); ++i)
        if (std::isfinite(series.xs[i]) && std::isfinite(series.ys[i]))
            draw_bar(draw, axes, series.xs[i] + offset - width / 2, series.xs[i] + offset + width / 2, 0.0, series.ys[i],
                     series.colour);
}

void draw_histogram(ImDrawList* draw, const Axes& axes, const Series& series) {
    const ImU32 fill = with_alpha(series.colour, 0.7f);
    for (std::size_t b = 0; b < series.ys.size(); ++b) {
        if (series.ys[b] <= 0) continue;
        draw_bar(draw, axes, series.xs[b], series.xs[b + 1], 0.0, series.ys[b], fill);
        draw->AddRect(axes.screen(series.xs[b], series.ys[b]), axes.screen(series.xs[b + 1], 0.0), series.colour);
    }
}

void draw_stacked_bars(ImDrawList* draw, const Axes& axes, const ChartContext& chart) {
    for (std::size_t c = 0; c < chart.categories.size(); ++c) {
        double up = 0, down = 0;
        const double centre = static_cast<double>(c);
        for (const auto& series : chart.series) {
            if (series.kind != SeriesKind::StackedBars || !series.visible || !std::isfinite(series.ys[c])) continue;
            double& base = series.ys[c] >= 0 ? up : down;
            draw_bar(draw, axes, centre - category_bar_share / 2, centre + category_bar_share / 2, base,
                     base + series.ys[c], series.colour);
            base += series.ys[c];
        }
    }
}

void draw_series(const ChartContext& chart, const Axes& axes) {
    ImDrawList* draw = chart.draw;
    int bar_group_size = 0;
    for (const auto& series : chart.series) bar_group_size += series.visible && series.kind == SeriesKind::Bars;
    // Areas first, then bars, then lines and markers on top.
    for (const auto& series : chart.series)
        if (series.visible && series.kind == SeriesKind::Band) draw_band(draw, axes, series);
    for (const auto& series : chart.series)
        if (series.visible && series.kind == SeriesKind::Histogram) draw_histogram(draw, axes, series);
    int bar_index = 0;
    for (const auto& series : chart.series)
        if (series.visible && series.kind == SeriesKind::Bars) draw_bar_series(draw, axes, series, bar_index++, bar_group_size);
    draw_stacked_bars(draw, axes, chart);
    for (const auto& series : chart.series) {
        if (!series.visible) continue;
        if (series.kind == SeriesKind::Line) draw_line(draw, axes, series, false);
        if (series.kind == SeriesKind::Step) draw_line(draw, axes, series, true);
    }
    for (const auto& series : chart.series)
        if (series.visible && series.kind == SeriesKind::Scatter) draw_scatter(draw, axes, series);
}

// --- Hover read-out ---------------------------------------------------------------------------

// A colour swatch and a line of text, inside a tooltip.
void swatch_row(ImU32 colour, const std::string& text) {
    const float size = ImGui::GetTextLineHeight() * 0.6f;
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float inset = (ImGui::GetTextLineHeight() - size) * 0.5f;
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(at.x, at.y + inset), ImVec2(at.x + size, at.y + inset + size), colour, 2.0f);
    ImGui::Dummy(ImVec2(size, ImGui::GetTextLineHeight()));
    ImGui::SameLine();
    ImGui::TextUnformatted(text.c_str());
}

std::optional<std::size_t> histogram_bin_at(const Series& series, double x) {
    for (std::size_t b = 0; b < series.ys.size(); ++b)
        if (x >= series.xs[b] && (x < series.xs[b + 1] || (b + 1 == series.ys.size() && x <= series.xs[b + 1]))) return b;
    return std::nullopt;
}

// The stacked series whose segment of `category` holds the value y; -1 when none does (above
// the stack, or on a gap). Stacks as draw_stacked_bars does: positives up, negatives down.
int stacked_series_at(const ChartContext& chart, int category, double y) {
    double up = 0, down = 0;
    int index = -1;
    for (const auto& series : chart.series) {
        if (series.kind != SeriesKind::StackedBars) continue;
        ++index;
        const double value = series.ys[static_cast<std::size_t>(category)];
        if (!series.visible || !std::isfinite(value)) continue;
        double& base = value >= 0 ? up : down;
        if (y >= std::min(base, base + value) && y <= std::max(base, base + value)) return index;
        base += value;
    }
    return -1;
}

ChartClick click_at(const ChartContext& chart, const Axes& axes, ImVec2 mouse) {
    ChartClick click;
    const double x = axes.x_at(mouse.x);
    click.x = x;
    if (chart.categories.empty()) return click;
    click.category = std::clamp(static_cast<int>(std::lround(x)), 0, static_cast<int>(chart.categories.size()) - 1);
    const double y = axes.y_low + (axes.max.y - mouse.y) / (axes.max.y - axes.min.y) * (axes.y_high - axes.y_low);
    click.series = stacked_series_at(chart, click.category, y);
    return click;
}

void category_read_out(const ChartContext& chart, const Axes& axes, double mouse_x) {
    const auto count = static_cast<int>(chart.categories.size());
    const int category = std::clamp(static_cast<int>(std::lround(mouse_x)), 0, count - 1);
    const double centre = category;
    chart.draw->AddRectFilled(ImVec2(axes.screen_x(centre - 0.5), axes.min.y), ImVec2(axes.screen_x(centre + 0.5), axes.max.y),
                              ImGui::GetColorU32(ImGuiCol_FrameBgHovered, 0.5f));
    ImGui::BeginTooltip();
    ImGui::TextUnformatted(chart.categories[static_cast<std::size_t>(category)].c_str());
    double total = 0;
    int shown = 0;
    for (const auto& series : chart.series) {
        if (series.kind != SeriesKind::StackedBars || !series.visible || !is_listed(series)) continue;
        const double value = series.ys[static_cast<std::size_t>(category)];
        swatch_row(series.colour, display_label(series.label) + ": " + value_label(value, chart.options.y_format, chart.format));
        if (std::isfinite(value)) total += value;
        ++shown;
    }
    if (shown > 1) ImGui::TextDisabled("Total: %s", value_label(total, chart.options.y_format, chart.format).c_str());
    show_click_hint(chart);
    ImGui::EndTooltip();
}

void xy_read_out(const ChartContext& chart, const Axes& axes, double mouse_x) {
    // The crosshair snaps to the nearest data x of any visible series.
    std::optional<double> snap;
    for (const auto& series : chart.series) {
        if (!series.visible || !is_listed(series)) continue;
        if (series.kind == SeriesKind::Histogram) {
            if (const auto bin = histogram_bin_at(series, mouse_x); bin && !snap)
                snap = (series.xs[*bin] + series.xs[*bin + 1]) / 2;
            continue;
        }
        if (const auto index = nearest_index(series.xs, mouse_x))
            if (!snap || std::abs(series.xs[*index] - mouse_x) < std::abs(*snap - mouse_x)) snap = series.xs[*index];
    }
    if (!snap) return;
    const float crosshair_x = axes.screen_x(*snap);
    chart.draw->AddLine(ImVec2(crosshair_x, axes.min.y), ImVec2(crosshair_x, axes.max.y), ImGui::GetColorU32(ImGuiCol_TextDisabled));

    const AxisFormat x_format = chart.options.x_format;
    const AxisFormat y_format = chart.options.y_format;
    ImGui::BeginTooltip();
    ImGui::TextUnformatted(value_label(*snap, x_format, chart.format).c_str());
    for (const auto& series : chart.series) {
        if (!series.visible || !is_listed(series)) continue;
        const std::string name = display_label(series.label) + ": ";
        std::optional<std::size_t> index;
        switch (series.kind) {
            case SeriesKind::Histogram:
                if (const auto bin = histogram_bin_at(series, mouse_x))
                    swatch_row(series.colour, name + value_label(series.ys[*bin], AxisFormat::Number) + " in " +
                                                  value_label(series.xs[*bin], x_format, chart.format) + " to " +
                                                  value_label(series.xs[*bin + 1], x_format, chart.format));
                continue;
            case SeriesKind::Step: index = step_index_at(series.xs, *snap); break;
            default: index = nearest_index(series.xs, *snap); break;
        }
        if (!index) continue;
        const double y = series.ys[*index];
        if (series.kind == SeriesKind::Band) {
            swatch_row(series.colour, name + value_label(y, y_format, chart.format) + " to " +
                                          value_label(series.highs[*index], y_format, chart.format));
            continue;
        }
        swatch_row(series.colour, name + value_label(y, y_format, chart.format));
        if ((series.kind == SeriesKind::Line || series.kind == SeriesKind::Step) && std::isfinite(y))
            chart.draw->AddCircleFilled(ImVec2(crosshair_x, axes.screen_y(y)), marker_radius + 1.0f, series.colour, 12);
    }
    ImGui::EndTooltip();
}

}  // namespace

void draw_xy_chart(ChartContext& chart, ImVec2 area_min, ImVec2 area_max, bool quiet) {
    ImDrawList* draw = chart.draw;
    const float line_height = ImGui::GetTextLineHeight();
    const ImU32 text_colour = ImGui::GetColorU32(ImGuiCol_Text);
    const ImU32 tick_colour = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    const ImU32 grid_colour = ImGui::GetColorU32(ImGuiCol_Border, 0.6f);

    // Vertical layout first: the y ticks depend on the plot's height, the left margin on them.
    float plot_top = area_min.y + line_height * 0.5f;
    if (chart.options.y_label) {
        draw->AddText(ImVec2(area_min.x, area_min.y), tick_colour, chart.options.y_label);
        plot_top = area_min.y + line_height * 1.5f;
    }
    float plot_bottom = area_max.y - line_height - 6.0f;
    if (chart.options.x_label) plot_bottom -= line_height + 2.0f;
    if (plot_bottom - plot_top < 10.0f) return;

    const Range extent = data_extent(chart);
    const Range view = current_view(chart, extent);
    const auto [y_low, y_high] = visible_y_extent(chart, view);
    const Ticks y_ticks = nice_ticks(y_low, y_high, std::max(2, static_cast<int>((plot_bottom - plot_top) / pixels_per_y_tick)));
    const auto y_labels = tick_labels(y_ticks, chart.options.y_format, chart.format);
    float label_width = 0;
    for (const auto& label : y_labels) label_width = std::max(label_width, ImGui::CalcTextSize(label.c_str()).x);

    Axes axes;
    axes.x_view = view;
    axes.y_low = y_ticks.low;
    axes.y_high = y_ticks.high;
    axes.min = ImVec2(area_min.x + label_width + 8.0f, plot_top);
    axes.max = ImVec2(area_max.x - 8.0f, plot_bottom);
    if (axes.max.x - axes.min.x < 10.0f) return;

    const PlotInput input = handle_plot_input(chart, axes.min, axes.max, extent, true);

    // Gridlines and tick labels.
    for (std::size_t i = 0; i < y_ticks.values.size(); ++i) {
        const float y = axes.screen_y(y_ticks.values[i]);
        draw->AddLine(ImVec2(axes.min.x, y), ImVec2(axes.max.x, y), grid_colour);
        const ImVec2 size = ImGui::CalcTextSize(y_labels[i].c_str());
        draw->AddText(ImVec2(axes.min.x - 6.0f - size.x, y - size.y * 0.5f), tick_colour, y_labels[i].c_str());
    }
    const bool category_axis = !chart.categories.empty();
    for (const auto& tick : x_axis_ticks(chart, view, axes.max.x - axes.min.x)) {
        const float x = axes.screen_x(tick.value);
        if (!category_axis) draw->AddLine(ImVec2(x, axes.min.y), ImVec2(x, axes.max.y), grid_colour);
        const ImVec2 size = ImGui::CalcTextSize(tick.label.c_str());
        const float label_x = std::clamp(x - size.x * 0.5f, chart.min.x, chart.max.x - size.x);
        draw->AddText(ImVec2(label_x, axes.max.y + 4.0f), tick_colour, tick.label.c_str());
    }
    if (chart.options.x_label) {
        const ImVec2 size = ImGui::CalcTextSize(chart.options.x_label);
        draw->AddText(ImVec2((axes.min.x + axes.max.x - size.x) * 0.5f, axes.max.y + line_height + 8.0f), tick_colour,
                      chart.options.x_label);
    }

    if (input.clicked) chart.click = click_at(chart, axes, input.mouse);
    draw->PushClipRect(axes.min, axes.max, true);
    if (input.hovered && !quiet) {
        const double mouse_x = axes.x_at(input.mouse.x);
        if (category_axis)
            category_read_out(chart, axes, mouse_x);
        else
            xy_read_out(chart, axes, mouse_x);
    }
    draw_series(chart, axes);
    draw->PopClipRect();

    // The zero line (or the axis floor) over the bars.
    const float base_y = axes.screen_y(std::clamp(0.0, axes.y_low, axes.y_high));
    draw->AddLine(ImVec2(axes.min.x, base_y), ImVec2(axes.max.x, base_y), with_alpha(text_colour, 0.5f));
}

}  // namespace touchpoint::charts::detail
