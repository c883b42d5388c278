// Section index: groups of parameters; the parameter table; the charts of one customer; the test API.
#include "sections/simulate/simulate_effects.hpp"

#include "charts/chart.hpp"
#include "charts/palette.hpp"
#include "sections/simulate/simulate_effect_curves.hpp"
#include "ui/ui_scale.hpp"
#include "touchpoint/cadence/cadence.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <string>

namespace touchpoint::web {

namespace {

// ---- Groups of parameters ----------------------------------------------------------------------

constexpr int kind_groups = static_cast<int>(cadence::touch_kind_count);
constexpr int channels_group = kind_groups;
constexpr int global_group = kind_groups + 1;
constexpr int group_count = kind_groups + 2;

std::string group_key(int group) {
    if (group < kind_groups) return "kinds." + std::string(cadence::touch_kind_key(static_cast<cadence::TouchKind>(group)));
    return group == channels_group ? "channels" : "global";
}

std::string group_label(int group) {
    if (group < kind_groups) return std::string(cadence::touch_kind_label(static_cast<cadence::TouchKind>(group)));
    return group == channels_group ? "Channels" : "Fatigue, silence and discounts";
}

bool in_group(const std::string& path, int group) {
    if (group < kind_groups) return path.rfind(group_key(group) + ".", 0) == 0;
    if (group == channels_group) return path.rfind("channels.", 0) == 0;
    return path.rfind("kinds.", 0) != 0 && path.rfind("channels.", 0) != 0;
}

// The defaults, in the order sim::effect_parameters lists every model's parameters.
std::vector<double> default_values() {
    sim::EffectModel model = sim::default_effect_model();
    std::vector<double> values;
    for (const auto& info : sim::effect_parameters(model)) values.push_back(info.parameter->value);
    return values;
}

std::string number(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", value);
    return text;
}

// Clamped into the parameter's range, whole for the counts the model wants whole.
double admissible(const sim::EffectParameterInfo& info, double value) {
    value = std::clamp(value, info.minimum, info.maximum);
    if (info.unit == "0 or 1") value = value >= 0.5 ? 1.0 : 0.0;
    if (info.path == "fatigue.free_touches") value = std::round(value);
    return value;
}

// ---- The parameter table -----------------------------------------------------------------------

void parameter_tooltip(const sim::EffectParameterInfo& info, double default_value) {
    if (!ImGui::IsItemHovered()) return;
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(px(380.0f));
    ImGui::TextUnformatted(info.label.c_str());
    ImGui::Spacing();
    ImGui::TextUnformatted(info.parameter->source.c_str());
    ImGui::Spacing();
    ImGui::TextDisabled("Default %s; from %s to %s (%s). %s", number(default_value).c_str(), number(info.minimum).c_str(),
                        number(info.maximum).c_str(), info.unit.c_str(), info.path.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
}

bool draw_parameter_table(sim::EffectModel& effects, int group) {
    bool changed = false;
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp |
                                  ImGuiTableFlags_ScrollY;
    int rows = 0;
    for (const auto& info : sim::effect_parameters(effects)) rows += in_group(info.path, group) ? 1 : 0;
    const float row_height = ImGui::GetFrameHeight() + 2.0f * ImGui::GetStyle().CellPadding.y;
    const float height = std::min(row_height * static_cast<float>(rows + 1) + px(4.0f),
                                  ImGui::GetContentRegionAvail().y - ImGui::GetTextLineHeightWithSpacing() - ImGui::GetStyle().ItemSpacing.y);
    if (!ImGui::BeginTable("effect_parameters", 3, flags, ImVec2(0.0f, std::max(height, px(120.0f))))) return false;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Parameter", ImGuiTableColumnFlags_WidthStretch, 3.0f);
    ImGui::TableSetupColumn("Value", ImGuiTableColumnFlags_WidthStretch, 1.4f);
    ImGui::TableSetupColumn("Unit", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableHeadersRow();
    const auto defaults = default_values();
    const auto parameters = sim::effect_parameters(effects);
    for (std::size_t p = 0; p < parameters.size(); ++p) {
        const auto& info = parameters[p];
        if (!in_group(info.path, group)) continue;
        ImGui::TableNextRow();
        ImGui::PushID(info.path.c_str());
        ImGui::TableSetColumnIndex(0);
        ImGui::AlignTextToFramePadding();
        // Within a kind's group the kind's name is the group's title: show what follows it.
        std::string label = info.label;
        if (group != global_group) {
            if (const auto colon = label.find(": "); colon != std::string::npos && group < kind_groups) {
                label = label.substr(colon + 2);
                label[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(label[0])));
            }
        }
        const bool edited = info.parameter->value != defaults[p];
        if (edited) label += "  (edited)";
        ImGui::TextUnformatted(label.c_str());
        parameter_tooltip(info, defaults[p]);
        ImGui::TableSetColumnIndex(1);
        ImGui::SetNextItemWidth(-1.0f);
        double value = info.parameter->value;
        bool edit = false;
        if (info.unit == "0 or 1") {
            bool on = value != 0;
            edit = ImGui::Checkbox("##value", &on);
            value = on ? 1.0 : 0.0;
        } else {
            edit = ImGui::InputDouble("##value", &value, 0.0, 0.0, "%.6g");
        }
        parameter_tooltip(info, defaults[p]);
        if (edit) {
            info.parameter->value = admissible(info, value);
            info.parameter->source = "edited";
            changed = true;
        }
        ImGui::TableSetColumnIndex(2);
        ImGui::TextDisabled("%s", info.unit.c_str());
        ImGui::PopID();
    }
    ImGui::EndTable();
    return changed;
}

// ---- The charts of one customer ----------------------------------------------------------------

cadence::TouchKind chart_kind(const EffectEditorView& view) {
    return static_cast<cadence::TouchKind>(view.group < kind_groups ? view.group : view.chart_kind);
}

// Days the multiplier chart covers: long enough for the slowest lift to fade.
double chart_horizon(const sim::EffectModel& effects, cadence::TouchKind kind) {
    const double half_life = std::max(effects.kinds[static_cast<std::size_t>(kind)].half_life_days.value, effects.discount.half_life_days.value);
    return std::clamp(std::ceil(5.0 * half_life / 10.0) * 10.0, 40.0, 180.0);
}

ImU32 palette(std::size_t index) {
    const auto colour = charts::series_colour(index);
    return IM_COL32(colour.r, colour.g, colour.b, colour.a);
}

void draw_multiplier_chart(const sim::EffectModel& effects, const EffectEditorView& view, ImVec2 size, std::vector<DrawnChart>& drawn) {
    const auto kind = chart_kind(view);
    const auto channel = static_cast<cadence::Channel>(view.channel);
    const double horizon = chart_horizon(effects, kind);
    const std::string title = "One customer's purchase rate after " + std::string(cadence::touch_kind_label(kind)) + " touches by " +
                              std::string(cadence::channel_label(channel)) + " (1: usual)";
    charts::ChartOptions options;
    options.title = title.c_str();
    options.x_label = "days after the first touch";
    options.y_label = "purchase-rate multiplier";
    options.export_name = "effect-multiplier";
    const auto scenarios = effect_scenarios(effects);
    if (!charts::begin_chart("effect_multiplier", size, options)) return;
    const std::array<double, 2> flat_days{0.0, horizon}, flat{1.0, 1.0};
    charts::line("No touch", flat_days, flat, IM_COL32(140, 140, 140, 255));
    for (std::size_t s = 0; s < scenarios.size(); ++s) {
        const auto curve = purchase_rate_multiplier(effects, kind, channel, scenarios[s].scenario, horizon);
        charts::line(scenarios[s].label.c_str(), curve.days, curve.multiplier, palette(s));
    }
    charts::end_chart();
    const auto rect = charts::last_chart_rect();
    drawn.push_back({"effect_multiplier", rect.min, rect.max, scenarios.size() + 1});
}

void draw_silence_chart(const sim::EffectModel& effects, ImVec2 size, std::vector<DrawnChart>& drawn) {
    std::vector<double> days, kept;
    for (int d = 0; d <= 730; d += 5) {
        days.push_back(d);
        kept.push_back(silence_survival(effects, d));
    }
    charts::ChartOptions options;
    options.title = "Share of customers silence alone has not made drop out";
    options.x_label = "days without a meaningful contact";
    options.y_format = charts::AxisFormat::Percent;
    options.export_name = "effect-silence";
    if (!charts::begin_chart("effect_silence", size, options)) return;
    charts::line("Still there", days, kept, palette(3));
    charts::end_chart();
    const auto rect = charts::last_chart_rect();
    drawn.push_back({"effect_silence", rect.min, rect.max, 1});
}

void draw_one_customer_notes(const sim::EffectModel& effects, const EffectEditorView& view) {
    const auto kind = chart_kind(view);
    const auto channel = static_cast<cadence::Channel>(view.channel);
    const auto& effect = effects.kinds[static_cast<std::size_t>(kind)];
    const int free_touches = static_cast<int>(effects.fatigue.free_touches.value);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::Text("Opt-out chance per touch that reaches: %.2f%% alone, %.2f%% as touch %d within %.0f days.",
                100.0 * opt_out_chance(effects, kind, channel, 1), 100.0 * opt_out_chance(effects, kind, channel, free_touches + 3),
                free_touches + 3, effects.fatigue.window_days.value);
    if (effect.dropout_reduction.value > 0 && effect.active_days.value > 0)
        ImGui::Text("For %.0f days after a touch the chance of dropping out at a purchase is %.0f%% lower.", effect.active_days.value,
                    100.0 * effect.dropout_reduction.value);
    else
        ImGui::TextUnformatted("This kind of touch does not change the chance of dropping out.");
    ImGui::TextUnformatted(effect.meaningful_contact.value != 0 ? "It counts as a meaningful contact: it resets the silence clock."
                                                                : "It is not a meaningful contact: the silence clock keeps running.");
    ImGui::PopTextWrapPos();
}

// ---- JSON of a curve ---------------------------------------------------------------------------

nlohmann::json curve_summary(const MultiplierCurve& curve) {
    if (curve.multiplier.empty()) return nullptr;
    const auto [low, high] = std::minmax_element(curve.multiplier.begin(), curve.multiplier.end());
    return {{"first", curve.multiplier.front()}, {"last", curve.multiplier.back()}, {"min", *low}, {"max", *high},
            {"days", curve.days.back()}};
}

}  // namespace

bool draw_effect_model_tab(sim::EffectModel& effects, EffectEditorView& view, std::vector<DrawnChart>& drawn) {
    bool changed = false;
    const ImVec2 available = ImGui::GetContentRegionAvail();
    const float left_width = std::clamp(available.x * 0.44f, px(340.0f), px(520.0f));
    ImGui::BeginChild("effect_parameters_column", ImVec2(left_width, 0.0f));
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Show");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(px(220.0f));
    if (ImGui::BeginCombo("##effect_group", group_label(view.group).c_str())) {
        for (int g = 0; g < group_count; ++g) {
            if (g == channels_group) ImGui::Separator();
            if (ImGui::Selectable(group_label(g).c_str(), g == view.group)) {
                view.group = g;
                if (g < kind_groups) view.chart_kind = g;
            }
        }
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    if (ImGui::Button("Defaults")) {
        effects = sim::default_effect_model();
        changed = true;
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Every parameter back to its default.");
    ImGui::SameLine();
    if (ImGui::Button("No effects")) {
        effects = sim::no_effect_model();
        changed = true;
    }
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Lifts, dropout reductions, opt-outs, fatigue, silence and discounts at zero: every cadence then gives "
                          "exactly the purchases of no touches (a check of the simulator).");
    changed |= draw_parameter_table(effects, view.group);
    ImGui::TextDisabled("Hover a parameter for where its default comes from.");
    ImGui::EndChild();

    ImGui::SameLine();
    ImGui::BeginChild("effect_charts_column", ImVec2(0.0f, 0.0f));
    if (view.group >= kind_groups) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted("Kind");
        ImGui::SameLine();
        ImGui::SetNextItemWidth(px(200.0f));
        const std::string kind_label(cadence::touch_kind_label(static_cast<cadence::TouchKind>(view.chart_kind)));
        if (ImGui::BeginCombo("##chart_kind", kind_label.c_str())) {
            for (int k = 0; k < kind_groups; ++k)
                if (ImGui::Selectable(std::string(cadence::touch_kind_label(static_cast<cadence::TouchKind>(k))).c_str(), k == view.chart_kind))
                    view.chart_kind = k;
            ImGui::EndCombo();
        }
        ImGui::SameLine();
    } else {
        ImGui::AlignTextToFramePadding();
    }
    ImGui::TextUnformatted("Channel");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(px(130.0f));
    const std::string channel_label(cadence::channel_label(static_cast<cadence::Channel>(view.channel)));
    if (ImGui::BeginCombo("##chart_channel", channel_label.c_str())) {
        for (int c = 0; c < static_cast<int>(cadence::channel_count); ++c)
            if (ImGui::Selectable(std::string(cadence::channel_label(static_cast<cadence::Channel>(c))).c_str(), c == view.channel))
                view.channel = c;
        ImGui::EndCombo();
    }
    const float notes_height = 3.0f * ImGui::GetTextLineHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y;
    const float charts_height = std::max(px(200.0f), ImGui::GetContentRegionAvail().y - notes_height);
    draw_multiplier_chart(effects, view, ImVec2(0.0f, charts_height * 0.62f), drawn);
    draw_silence_chart(effects, ImVec2(0.0f, charts_height * 0.38f - ImGui::GetStyle().ItemSpacing.y), drawn);
    draw_one_customer_notes(effects, view);
    ImGui::EndChild();
    return changed;
}

nlohmann::json edited_effect_parameters(const sim::EffectModel& effects) {
    nlohmann::json edited = nlohmann::json::object();
    sim::EffectModel copy = effects;
    const auto defaults = default_values();
    const auto parameters = sim::effect_parameters(copy);
    for (std::size_t p = 0; p < parameters.size(); ++p)
        if (parameters[p].parameter->value != defaults[p]) edited[parameters[p].path] = parameters[p].parameter->value;
    return edited;
}

bool set_effect_parameter(sim::EffectModel& effects, std::string_view path, double value) {
    for (const auto& info : sim::effect_parameters(effects)) {
        if (info.path != path) continue;
        if (!(value >= info.minimum && value <= info.maximum) || admissible(info, value) != value) return false;
        info.parameter->value = value;
        info.parameter->source = "edited";
        return true;
    }
    return false;
}

nlohmann::json effect_model_state_json(const sim::EffectModel& effects, const EffectEditorView& view) {
    const auto kind = chart_kind(view);
    const auto channel = static_cast<cadence::Channel>(view.channel);
    nlohmann::json curves = nlohmann::json::array();
    for (const auto& scenario : effect_scenarios(effects)) {
        auto summary = curve_summary(purchase_rate_multiplier(effects, kind, channel, scenario.scenario, chart_horizon(effects, kind)));
        summary["label"] = scenario.label;
        curves.push_back(std::move(summary));
    }
    return {{"group", group_key(view.group)},
            {"chart_kind", cadence::touch_kind_key(kind)},
            {"chart_channel", cadence::channel_key(channel)},
            {"edited", edited_effect_parameters(effects)},
            {"curves", curves}};
}

bool choose_effect_group(EffectEditorView& view, std::string_view group) {
    for (int g = 0; g < group_count; ++g) {
        if (group_key(g) != group) continue;
        view.group = g;
        if (g < kind_groups) view.chart_kind = g;
        return true;
    }
    return false;
}

}  // namespace touchpoint::web
