#pragma once
// What the commands share: the glossary's words for help texts, dates in options and output,
// reading a file whole, whole numbers in options, a job's progress line, and how a command
// reports a failure.
#include "touchpoint/data/calendar.hpp"
#include "touchpoint/help/glossary.hpp"
#include "touchpoint/jobs/job.hpp"

#include <CLI/CLI.hpp>

#include <charconv>
#include <exception>
#include <initializer_list>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>

namespace touchpoint::cli {

// Help texts take their words from the glossary (core/src/help/glossary.cpp), so `--help` and the
// workbench's hover say the same. A key the glossary lacks is a std::logic_error.
const help::GlossaryEntry& glossary_entry(std::string_view key);
std::string glossary_text(std::string_view key);
// "  KEY: definition\n" and "  Label: definition\n", a footer's lines.
std::string definition_line(std::string_view key);
std::string labelled_definition_line(const help::GlossaryEntry& entry);
// "Definitions:\n" and a definition_line per key.
std::string definitions_footer(std::initializer_list<const char*> keys);

// A day number (data::day_number) as YYYY-MM-DD.
std::string iso_date(int day);
// An option's YYYY-MM-DD date; otherwise a std::runtime_error "OPTION takes a date as YYYY-MM-DD, got 'TEXT'".
data::Day date_option(std::string_view option, const std::string& text);

// The whole file; a std::runtime_error "PATH: cannot read the file" when it cannot be read.
std::string read_file(const std::string& path);

// True when all of `text` is a whole number that fits `value`, which then holds it.
template <typename Integer>
bool parse_whole(std::string_view text, Integer& value) {
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return !text.empty() && error == std::errc() && end == text.data() + text.size();
}

// What a job shows on stderr while it runs: nothing, the share done, or the items of its phase.
enum class ProgressLine { None, Percent, Items };
// Runs the job until it finishes or asks a question, its progress on one stderr line that is
// cleared at the end.
jobs::Progress run_job(jobs::Job& job, ProgressLine shown);

// Prints "touchpoint COMMAND: what" on stderr ("touchpoint: what" for an empty COMMAND) and ends
// the program with exit code 1 (a CLI::RuntimeError).
[[noreturn]] void fail(std::string_view command, const std::exception& error);

// Runs a command's work from its CLI11 callback: an exception fails the command (above); a work
// that returns an exit code ends the program with it when it is not 0.
template <typename Work>
void run_reporting_errors(std::string_view command, Work&& work) {
    int code = 0;
    try {
        if constexpr (std::is_void_v<std::invoke_result_t<Work&>>)
            work();
        else
            code = work();
    } catch (const std::exception& error) {
        fail(command, error);
    }
    if (code != 0) throw CLI::RuntimeError(code);
}

}  // namespace touchpoint::cli
