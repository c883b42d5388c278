// Killing the program in the middle of an import (native only: each case runs the import in a
// child process that is killed with SIGKILL). Whatever the point, the database opened again must
// pass PRAGMA integrity_check and hold exactly what it held before the import. The browser's way of
// keeping its store (an in-memory copy written out whole, save_to) is killed mid-save and starved
// of disk space mid-save too: the file is always the old database or the new one.
#include "fault_vfs.hpp"
#include "stored_contents.hpp"
#include "touchpoint/data/importer.hpp"

#include <doctest/doctest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>

using namespace touchpoint::data;
using namespace stored_contents;

namespace {

// Runs `work` in a child process; returns its wait status. The child never returns into the tests.
int run_in_child(const std::function<void()>& work, const std::function<void(pid_t)>& while_running = {}) {
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        try {
            work();
        } catch (...) {
            _exit(3);
        }
        _exit(0);
    }
    if (while_running) while_running(child);
    int status = 0;
    REQUIRE(waitpid(child, &status, 0) == child);
    return status;
}

bool killed(int status) { return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL; }

}  // namespace

TEST_CASE("an import killed at any write leaves the database as it was and intact") {
    const auto path = std::filesystem::temp_directory_path() / "touchpoint_crash.sqlite";
    const auto more = second_file(3000);
    make_first_store(path);
    const auto before = contents_of(path);
    REQUIRE(before.integrity == "ok\n");

    // How many writes the whole import makes, counted in a child that is not killed.
    std::int64_t writes = 0;
    {
        int pipe_ends[2];
        REQUIRE(pipe(pipe_ends) == 0);
        const auto status = run_in_child([&] {
            fault_vfs::Installed counting(0, fault_vfs::Fault::Kill);
            auto store = Store::open(path.string());
            if (import_file(store, "second.csv", more, {}).rows_loaded != 3000) _exit(4);
            const auto seen = fault_vfs::plan().writes_seen;
            if (write(pipe_ends[1], &seen, sizeof seen) != sizeof seen) _exit(5);
        });
        REQUIRE(WIFEXITED(status));
        REQUIRE(WEXITSTATUS(status) == 0);
        REQUIRE(read(pipe_ends[0], &writes, sizeof writes) == sizeof writes);
        close(pipe_ends[0]);
        close(pipe_ends[1]);
    }
    REQUIRE(writes >= 5);
    const auto after = contents_of(path);
    REQUIRE(after.integrity == "ok\n");
    REQUIRE(after.data != before.data);

    // The count varies by a few writes from run to run (32 and 36 seen), so a run may
    // finish before the chosen write: then the whole import must have landed.
    int kills = 0;
    for (std::int64_t write_number = 1; write_number <= writes; ++write_number) {
        CAPTURE(write_number);
        make_first_store(path);
        const auto status = run_in_child([&] {
            fault_vfs::Installed killing(write_number, fault_vfs::Fault::Kill);
            auto store = Store::open(path.string());
            if (import_file(store, "second.csv", more, {}).rows_loaded != 3000) _exit(4);
        });
        const auto now = contents_of(path);
        CHECK(now.integrity == "ok\n");
        if (killed(status)) {
            ++kills;
            // Every write comes before the commit point (the journal's deletion), so nothing landed.
            CHECK(now.data == before.data);
        } else {
            CHECK(WIFEXITED(status));
            CHECK(WEXITSTATUS(status) == 0);
            CHECK(now.data == after.data);
        }
    }
    CHECK(kills >= writes - 8);
    remove_store(path);
}

TEST_CASE("an import killed while reading or while writing its rows leaves the database as it was") {
    const auto path = std::filesystem::temp_directory_path() / "touchpoint_crash_phases.sqlite";
    const auto more = second_file(20000);
    for (const auto phase : {ImportPhase::Reading, ImportPhase::Writing}) {
        for (const int slices : {1, 3, 10}) {
            CAPTURE(static_cast<int>(phase));
            CAPTURE(slices);
            make_first_store(path);
            const auto before = contents_of(path);
            const auto status = run_in_child([&] {
                auto store = Store::open(path.string());
                ImportJob job(store, "second.csv", more, {});
                while (job.phase() != phase) job.step(std::chrono::milliseconds(0));
                // A few slices of 1,024 rows into the phase, then the process dies.
                for (int slice = 0; slice < slices && job.phase() == phase; ++slice) job.step(std::chrono::milliseconds(0));
                if (job.phase() != phase) _exit(6);  // the phase ended first: the case would test nothing
                std::raise(SIGKILL);
            });
            REQUIRE(killed(status));
            const auto now = contents_of(path);
            CHECK(now.data == before.data);
            CHECK(now.integrity == "ok\n");
        }
    }
    remove_store(path);
}

TEST_CASE("the browser's store file is always the old database or the new one: killed mid-save, or out of disk space") {
    const auto path = std::filesystem::temp_directory_path() / "touchpoint_crash_saved.sqlite";
    const auto more = second_file(40000);  // a few megabytes: a save takes a while
    make_first_store(path);
    const auto before = contents_of(path);
    REQUIRE(before.integrity == "ok\n");

    // What the file holds after a save that finishes.
    const auto saved_copy = std::filesystem::temp_directory_path() / "touchpoint_crash_saved_copy.sqlite";
    remove_store(saved_copy);
    std::filesystem::copy_file(path, saved_copy);
    {
        auto store = Store::open_in_memory_copy(saved_copy.string());
        REQUIRE(import_file(store, "second.csv", more, {}).rows_loaded == 40000);
        store.save_to(saved_copy.string());
    }
    const auto after = contents_of(saved_copy);
    REQUIRE(after.integrity == "ok\n");
    REQUIRE(after.data != before.data);

    // Killed at several moments while saving over and over.
    int killed_runs = 0;
    for (const int delay_ms : {1, 3, 7, 15, 30, 60, 120}) {
        CAPTURE(delay_ms);
        make_first_store(path);
        const auto status = run_in_child(
            [&] {
                auto store = Store::open_in_memory_copy(path.string());
                if (import_file(store, "second.csv", more, {}).rows_loaded != 40000) _exit(4);
                for (;;) store.save_to(path.string());
            },
            [&](pid_t child) {
                std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
                kill(child, SIGKILL);
            });
        if (killed(status)) ++killed_runs;
        const auto now = contents_of(path);
        CHECK(now.integrity == "ok\n");
        CHECK((now.data == before.data || now.data == after.data));
    }
    CHECK(killed_runs == 7);

    // The disk fills up while saving: the save reports it and the old database stays.
    make_first_store(path);
    const auto status = run_in_child([&] {
        auto store = Store::open_in_memory_copy(path.string());
        if (import_file(store, "second.csv", more, {}).rows_loaded != 40000) _exit(4);
        std::signal(SIGXFSZ, SIG_IGN);  // a write past the limit then fails with EFBIG instead
        const rlimit file_size{512 * 1024, 512 * 1024};
        if (setrlimit(RLIMIT_FSIZE, &file_size) != 0) _exit(5);
        try {
            store.save_to(path.string());
        } catch (const StoreError& error) {
            if (std::string(error.what()).find("cannot write") != std::string::npos) _exit(7);
        }
        _exit(8);
    });
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 7);
    const auto now = contents_of(path);
    CHECK(now.data == before.data);
    CHECK(now.integrity == "ok\n");
    remove_store(path);
    remove_store(saved_copy);
}
