#include "cli_common.hpp"

#include "touchpoint/data/file_text.hpp"

#include <iostream>
#include <stdexcept>

namespace touchpoint::cli {

const help::GlossaryEntry& glossary_entry(std::string_view key) {
    const auto* entry = help::find_entry(key);
    if (!entry || entry->definition.empty()) throw std::logic_error("the glossary has no entry '" + std::string(key) + "'");
    return *entry;
}

std::string glossary_text(std::string_view key) { return std::string(glossary_entry(key).definition); }

std::string definition_line(std::string_view key) { return "  " + std::string(key) + ": " + glossary_text(key) + "\n"; }

std::string labelled_definition_line(const help::GlossaryEntry& entry) {
    return "  " + std::string(entry.label) + ": " + std::string(entry.definition) + "\n";
}

std::string definitions_footer(std::initializer_list<const char*> keys) {
    std::string text = "Definitions:\n";
    for (const char* key : keys) text += definition_line(key);
    return text;
}

std::string iso_date(int day) { return data::format_iso_date(data::day_from_number(day)); }

data::Day date_option(std::string_view option, const std::string& text) {
    const auto day = data::parse_iso_date(text);
    if (!day) throw std::runtime_error(std::string(option) + " takes a date as YYYY-MM-DD, got '" + text + "'");
    return *day;
}

std::string read_file(const std::string& path) {
    auto bytes = data::read_file_bytes(path);
    if (!bytes) throw std::runtime_error(path + ": cannot read the file");
    return std::move(*bytes);
}

jobs::Progress run_job(jobs::Job& job, ProgressLine shown) {
    const auto progress = jobs::run_to_completion(job, [&](const jobs::Progress& p) {
        if (shown == ProgressLine::None || p.finished) return;
        std::cerr << "\r" << p.phase << ": ";
        if (shown == ProgressLine::Percent)
            std::cerr << static_cast<int>(p.fraction * 100) << "%";
        else
            std::cerr << static_cast<long long>(p.items) << " " << p.items_unit;
        std::cerr << "   " << std::flush;
    });
    if (shown != ProgressLine::None) std::cerr << "\r" << std::string(60, ' ') << "\r";
    return progress;
}

void fail(std::string_view command, const std::exception& error) {
    std::cerr << "touchpoint" << (command.empty() ? "" : " ") << command << ": " << error.what() << "\n";
    throw CLI::RuntimeError(1);
}

}  // namespace touchpoint::cli
