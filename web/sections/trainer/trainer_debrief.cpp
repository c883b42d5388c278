// The debrief after a conversation: how it ended, "what if 1,000 customers like this" on the
// simulator, the score per behaviour, the moments that earned or lost points with the stronger
// reply, and the signals caught, missed and not reached.
// Section index: the population and the what-if; drawing.
#include "ui/test_hooks.hpp"
#include "sections/drill_down/drill_down.hpp"
#include "sections/trainer/trainer_state.hpp"
#include "ui/format.hpp"
#include "ui/theme.hpp"
#include "ui/ui_scale.hpp"
#include "app/workbench.hpp"
#include "touchpoint/clv/model_run.hpp"
#include "touchpoint/sim/population.hpp"

#include <cmath>
#include <cstdio>
#include <string>

namespace touchpoint::web {

// ---- The population and the what-if ------------------------------------------------------------


void run_what_if(TrainerState& state, const Workbench& workbench) {
    auto& player = state.player;
    player.what_if.reset();
    player.what_if_error.clear();
    if (!player.debrief || !player.debrief->ending) return;
    try {
        player.what_if = roleplay::what_if_customers(player.scenario, *player.debrief->ending, workbench.simulation_population());
    } catch (const std::exception& error) {
        player.what_if_error = error.what();
    }
}

// ---- Drawing -----------------------------------------------------------------------------------

namespace {

void coloured_text(ImU32 colour, const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopStyleColor();
}

void wrapped(const std::string& text, bool muted = false) {
    ImGui::PushTextWrapPos(0.0f);
    if (muted) ImGui::TextDisabled("%s", text.c_str());
    else ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
}

std::string signed_number(int value) { return (value > 0 ? "+" : "") + std::to_string(value); }

std::string estimate_text(const sim::Estimate& estimate, bool share, int decimals = 2) {
    char text[96];
    if (share)
        std::snprintf(text, sizeof text, "%.1f%%  [%.1f - %.1f]", 100.0 * estimate.mean, 100.0 * estimate.ci_low, 100.0 * estimate.ci_high);
    else
        std::snprintf(text, sizeof text, "%.*f  [%.*f - %.*f]", decimals, estimate.mean, decimals, estimate.ci_low, decimals, estimate.ci_high);
    return text;
}

void draw_what_if(TrainerState& state, Workbench& workbench) {
    auto& player = state.player;
    const bool pressed = ImGui::Button("What if 1,000 customers like this");
    test_hooks::record_click_target("trainer:what_if");
    if (ImGui::IsItemHovered() && !player.what_if) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(px(420.0f));
        ImGui::Text("Plays 1,000 customers like %s through the simulator for a year (20 replications, no outreach): once as this "
                    "ending leaves them, once as the scenario's best ending would, on the same customers and the same luck.",
                    player.scenario.persona.name.c_str());
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
    if (pressed) run_what_if(state, workbench);
    if (!player.what_if_error.empty()) coloured_text(bad_colour(), "The what-if could not be run: " + player.what_if_error);
    if (!player.what_if) return;
    const auto& result = *player.what_if;
    wrapped(format_count(result.options.customers) + " customers, " + std::to_string(result.options.days) + " days, " +
                std::to_string(result.options.replications) + " replications; customers from " + result.population +
                ". Means with 95% intervals over the replications.",
            true);
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
    if (ImGui::BeginTable("what_if", 3, flags)) {
        ImGui::TableSetupColumn("Per customer, over a year", ImGuiTableColumnFlags_WidthStretch, 1.2f);
        ImGui::TableSetupColumn(("Your ending: " + std::string(roleplay::ending_label(result.trainee.ending))).c_str(),
                                ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableSetupColumn(("Best ending: " + std::string(roleplay::ending_label(result.best.ending))).c_str(),
                                ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableHeadersRow();
        const auto row = [&](const char* label, const sim::Estimate& mine, const sim::Estimate& best, bool share) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(label);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(estimate_text(mine, share).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(estimate_text(best, share).c_str());
        };
        row("Still customers at the end", result.trainee.alive_at_end, result.best.alive_at_end, true);
        row("Repeat rate", result.trainee.repeat_rate, result.best.repeat_rate, true);
        row("Repeat purchases", result.trainee.purchases, result.best.purchases, false);
        row("Revenue of repeat purchases", result.trainee.revenue, result.best.revenue, false);
        ImGui::EndTable();
    }
    const long more = std::lround(result.more_alive_at_end);
    const std::string horizon = result.options.days == 365 ? "after a year" : "after " + std::to_string(result.options.days) + " days";
    if (result.trainee.ending == result.best.ending || more <= 0) {
        coloured_text(good_colour(), "This ending is as good as the scenario's best: no customers to win back here.");
    } else {
        char text[256];
        std::snprintf(text, sizeof text, "%ld more customers still buying %s out of %s, %s more repeat purchases and %s more revenue, "
                      "had the conversation reached '%s'.",
                      more, horizon.c_str(), format_count(result.options.customers).c_str(),
                      format_count(std::llround(result.more_purchases)).c_str(), format_count(std::llround(result.more_revenue)).c_str(),
                      std::string(roleplay::ending_label(result.best.ending)).c_str());
        ImGui::PushStyleColor(ImGuiCol_Text, warning_colour());
        wrapped(text);
        ImGui::PopStyleColor();
    }
}

void draw_behaviours(const roleplay::Debrief& debrief) {
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("behaviours", 4, flags)) return;
    ImGui::TableSetupColumn("Behaviour", ImGuiTableColumnFlags_WidthStretch, 2.6f);
    ImGui::TableSetupColumn("Keeps or loses customers", ImGuiTableColumnFlags_WidthStretch, 1.3f);
    ImGui::TableSetupColumn("Times", ImGuiTableColumnFlags_WidthStretch, 0.6f);
    ImGui::TableSetupColumn("Points", ImGuiTableColumnFlags_WidthStretch, 0.6f);
    ImGui::TableHeadersRow();
    for (const auto& score : debrief.behaviours) {
        const bool good = roleplay::is_good_behaviour(score.behaviour);
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(std::string(roleplay::behaviour_label(score.behaviour)).c_str());
        ImGui::TableNextColumn();
        coloured_text(good ? good_colour() : bad_colour(), good ? "+ keeps" : "- loses");
        ImGui::TableNextColumn();
        if (score.times == 0) ImGui::TextDisabled("0");
        else ImGui::Text("%d", score.times);
        ImGui::TableNextColumn();
        if (score.points == 0) ImGui::TextDisabled("0");
        else coloured_text(score.points > 0 ? good_colour() : bad_colour(), signed_number(score.points));
    }
    ImGui::EndTable();
}

void draw_moments(const roleplay::Debrief& debrief, const std::string& customer) {
    if (debrief.moments.empty()) {
        ImGui::TextDisabled("No reply earned or lost points.");
        return;
    }
    for (const auto& moment : debrief.moments) {
        ImGui::PushID(static_cast<int>(moment.turn));
        ImGui::Separator();
        const ImU32 colour = moment.missed_moment ? bad_colour() : good_colour();
        coloured_text(colour, std::string(moment.missed_moment ? "Missed" : "Good") + " moment, reply " + std::to_string(moment.turn + 1) + ": " +
                                  signed_number(moment.points) + " points, trust " + signed_number(moment.trust_change));
        wrapped(customer + ": \"" + moment.customer_line + "\"", true);
        wrapped("Reply: \"" + moment.reply + "\"");
        std::string behaviours;
        for (const auto behaviour : moment.behaviours) behaviours += (behaviours.empty() ? "" : ", ") + std::string(roleplay::behaviour_label(behaviour));
        if (!behaviours.empty()) wrapped("Shows: " + behaviours, true);
        for (const auto& label : moment.caught) coloured_text(good_colour(), "  Caught: " + label);
        for (const auto& label : moment.missed) coloured_text(bad_colour(), "  Missed: " + label);
        if (moment.missed_moment && !moment.stronger_reply.empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, theme_colours().accent);
            wrapped("A stronger reply: \"" + moment.stronger_reply + "\"");
            ImGui::PopStyleColor();
        }
        ImGui::PopID();
    }
}

void draw_signals(const roleplay::Debrief& debrief) {
    const auto list = [](const char* title, const std::vector<std::string>& labels, ImU32 colour, const char* mark) {
        ImGui::TextUnformatted(title);
        if (labels.empty()) ImGui::TextDisabled("  none");
        for (const auto& label : labels) {
            ImGui::PushStyleColor(ImGuiCol_Text, colour);
            ImGui::PushTextWrapPos(0.0f);
            ImGui::Text("  %s %s", mark, label.c_str());
            ImGui::PopTextWrapPos();
            ImGui::PopStyleColor();
        }
    };
    list("Caught", debrief.signals_caught, good_colour(), "+");
    list("Missed", debrief.signals_missed, bad_colour(), "-");
    list("Not reached", debrief.signals_not_reached, ImGui::GetColorU32(ImGuiCol_TextDisabled), "o");
}

}  // namespace

void draw_debrief(TrainerState& state, Workbench& workbench, ImFont* heading) {
    auto& player = state.player;
    if (!player.debrief) return;
    const auto& debrief = *player.debrief;
    ImGui::BeginChild("debrief", ImVec2(0.0f, 0.0f), true);
    const bool kept = debrief.ending && roleplay::is_kept_customer(*debrief.ending);
    if (heading) ImGui::PushFont(heading);
    coloured_text(kept ? good_colour() : bad_colour(),
                  debrief.ending ? std::string(roleplay::ending_label(*debrief.ending)) : std::string("Not finished"));
    if (heading) ImGui::PopFont();
    ImGui::Text("%s  |  %d points  |  trust %d -> %d", kept ? "The customer stays" : "The customer is lost or unhappy", debrief.total_points,
                debrief.initial_trust, debrief.final_trust);
    if (!debrief.outcome.empty()) wrapped(debrief.outcome);
    if (!debrief.closing_line.empty()) wrapped(player.scenario.persona.name + "'s last words: \"" + debrief.closing_line + "\"", true);

    // The session's next turn, right where the trainee finished.
    auto& session = state.session;
    if (session.playing && session.session && !session.players.empty()) {
        ImGui::Spacing();
        const std::string next = session.players[(session.turn + 1) % session.players.size()];
        if (ImGui::Button(("Next: " + next).c_str())) next_trainee(state);
        test_hooks::record_click_target("trainer:next");
        ImGui::SameLine();
        ImGui::TextDisabled("%zu attempt(s) recorded in the session", session.session->attempts.size());
    }
    ImGui::Spacing();
    draw_what_if(state, workbench);
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::TextUnformatted("Score per behaviour");
    draw_behaviours(debrief);
    ImGui::Spacing();
    ImGui::TextUnformatted("The moments that earned or lost points");
    draw_moments(debrief, player.scenario.persona.name);
    ImGui::Separator();
    ImGui::TextUnformatted("What the customer needed");
    draw_signals(debrief);
    ImGui::EndChild();
    remember_rect(state.debrief);
}

}  // namespace touchpoint::web
