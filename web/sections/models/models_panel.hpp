#pragma once
// The Models section: BG/NBD or Pareto/NBD with Gamma-Gamma spend, fitted to the orders up to a
// calibration end as a job; the parameters with standard errors, a comparison of the fits made,
// the holdout diagnostics, each customer's P(alive), expected purchases and CLV in a table that
// sorts and exports, and "Use in simulator".
#include "app/sections.hpp"
#include "touchpoint/clv/model_run.hpp"
#include "touchpoint/data/dataset.hpp"
#include "ui/job_slot.hpp"
#include "widgets/data_table.hpp"

#include <imgui.h>
#include <nlohmann/json_fwd.hpp>

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace touchpoint::web {

class Workbench;

enum class ModelsTab { Tracking, Conditional, Distribution, Customers };

struct ModelsControls {
    int model = 0;  // index into the purchase models offered (BG/NBD, Pareto/NBD)
    std::array<char, 16> calibration_end{};
    bool calibration_invalid = false;
    int unit = 0;  // 0 week, 1 day
    int horizon = 52;
    double annual_discount_percent = 10.0;
};

// One row of the comparison table: every fit made on the shown data.
struct FitSummary {
    std::string model, calibration_end, unit;
    std::size_t customers = 0;
    double log_likelihood = 0, aic = 0, bic = 0;
    bool converged = false;
    std::optional<double> mean_absolute_error, root_mean_squared_error;
};

// What the section keeps between frames (a member of ModelsSection).
struct ModelsState {
    std::shared_ptr<const data::Dataset> dataset;  // the Dataset the fits are of
    int first_day = 0, last_day = 0;  // of the orders
    ModelsControls controls;
    JobSlot<clv::ModelRunJob> fit;
    std::string last_error;  // of the last run that ended without a fit
    std::shared_ptr<const clv::ModelRun> run;
    std::string run_data;  // the data description when the run started
    double job_annual_discount_percent = 0, run_annual_discount_percent = 0;  // as chosen when the run started
    std::vector<FitSummary> fits;
    widgets::DataTable table;
    bool cumulative = true;
    std::optional<ModelsTab> select_tab;
    ModelsTab shown_tab = ModelsTab::Tracking;
};

// The Dataset shown is another one: its fits go (a running fit is cancelled), the controls
// stay, and the calibration end is chosen again for the new orders. Nothing when `state`
// already follows it.
void follow_dataset(ModelsState& state, Workbench& workbench);

// Returns the section to show next: Simulate after "Use in simulator" (the fit is then the
// workbench's simulator_models), Data from the empty state's "Go to Data".
std::optional<Section> draw_models_panel(ModelsState& state, Workbench& workbench, ImFont* heading);

// Hands the last fit to the simulator; false when there is none.
bool use_fit_in_simulator(const ModelsState& state, Workbench& workbench);

// Test API: the controls, the job and the fit shown; and commands that act as the controls do:
// "fit:{json}" with any of "model" ("bgnbd" | "pnbd"), "calibration_end" (YYYY-MM-DD), "unit"
// ("week" | "day"), "horizon" (time units), "annual_discount" (0.1 for 10%), then Fit;
// "tab:<tracking|conditional|distribution|customers>"; "cumulative:<true|false>"; "export".
nlohmann::json models_state_json(const ModelsState& state);
bool run_models_command(ModelsState& state, Workbench& workbench, std::string_view arguments);

}  // namespace touchpoint::web
