#pragma once
// The workbench's sections, in sidebar order; keys 1 to 9 switch between them.
#include "ui/icons.hpp"

#include <array>
#include <optional>
#include <string_view>

namespace touchpoint::web {

enum class Section { Data, Dashboard, Segments, Models, Cadences, Simulate, Experiments, Trainer, Share };

struct SectionInfo {
    Section section;
    const char* name;
    const char* icon;
};

inline constexpr std::array<SectionInfo, 9> all_sections{{
    {Section::Data, "Data", icons::data},
    {Section::Dashboard, "Dashboard", icons::dashboard},
    {Section::Segments, "Segments", icons::segments},
    {Section::Models, "Models", icons::models},
    {Section::Cadences, "Cadences", icons::cadences},
    {Section::Simulate, "Simulate", icons::simulate},
    {Section::Experiments, "Experiments", icons::experiments},
    {Section::Trainer, "Trainer", icons::trainer},
    {Section::Share, "Share", icons::share},
}};

inline const SectionInfo& section_info(Section section) { return all_sections[static_cast<std::size_t>(section)]; }

inline std::optional<Section> section_named(std::string_view name) {
    for (const auto& info : all_sections)
        if (name == info.name) return info.section;
    return std::nullopt;
}

}  // namespace touchpoint::web
