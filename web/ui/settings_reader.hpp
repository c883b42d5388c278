#pragma once
// Reads the settings of a "set:{json}" or "run:{json}" command into a copy of a section's
// controls, all or nothing: each read names a key, where its value goes and what is admissible;
// an absent key leaves its control as it is. The caller keeps the copy only when ok().
//
//   auto controls = state.controls;
//   SettingsReader read(settings);
//   read.read("customers", controls.customers, 1, 10'000'000);
//   read.read("seed", controls.seed);
//   if (!read.ok()) return false;
//   state.controls = controls;
#include <nlohmann/json.hpp>

#include <concepts>
#include <optional>
#include <string>
#include <utility>

namespace touchpoint::web {

class SettingsReader {
public:
    // Whether a range's ends are admissible: alpha is in (0, 1), a margin in [0, 1].
    enum class Ends { Included, Excluded };

    explicit SettingsReader(const nlohmann::json& settings) : settings_(settings), ok_(settings.is_object()) {}

    // Whether the settings are an object and every key read so far was absent or admissible.
    bool ok() const { return ok_; }
    // Marks the settings as not admissible (a check across keys failed).
    void reject() { ok_ = false; }

    // The value of `key`, to read by hand; nullptr when it is absent (or the settings are refused).
    const nlohmann::json* find(const char* key) const {
        if (!ok_) return nullptr;
        const auto found = settings_.find(key);
        return found == settings_.end() ? nullptr : &*found;
    }

    // Any value the JSON converts to T (a name, a seed). True when the key was there and read.
    template <typename T>
    bool read(const char* key, T& target) {
        return take(key, [&](const nlohmann::json& value) {
            target = value.get<T>();
            return true;
        });
    }

    // A whole number in [min, max].
    template <std::integral T>
    bool read(const char* key, T& target, T min, T max) {
        return take(key, [&](const nlohmann::json& value) {
            const auto number = value.get<long long>();
            if (number < static_cast<long long>(min) || number > static_cast<long long>(max)) return false;
            target = static_cast<T>(number);
            return true;
        });
    }

    // A number from min to max, the ends included or not.
    bool read(const char* key, double& target, double min, double max, Ends ends = Ends::Included) {
        return take(key, [&](const nlohmann::json& value) {
            const auto number = value.get<double>();
            const bool inside = ends == Ends::Included ? number >= min && number <= max : number > min && number < max;
            if (!inside) return false;
            target = number;
            return true;
        });
    }

    // A name turned into what it names by `convert` (std::string -> std::optional<T>), which is
    // empty for a name it does not know.
    template <typename T, typename Convert>
    bool read_named(const char* key, T& target, Convert&& convert) {
        return take(key, [&](const nlohmann::json& value) {
            std::optional<T> converted = convert(value.get<std::string>());
            if (!converted) return false;
            target = std::move(*converted);
            return true;
        });
    }

private:
    // Runs `accept` on the key's value when it is there; a value of the wrong type or one
    // `accept` refuses makes the settings not admissible.
    template <typename Accept>
    bool take(const char* key, Accept&& accept) {
        const auto* value = find(key);
        if (!value) return false;
        try {
            ok_ = accept(*value);
        } catch (const nlohmann::json::exception&) {
            ok_ = false;
        }
        return ok_;
    }

    const nlohmann::json& settings_;
    bool ok_;
};

}  // namespace touchpoint::web
