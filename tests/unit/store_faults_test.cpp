// SQLite write errors during an import, injected by a VFS that fails the Nth write (fault_vfs.hpp),
// for every N from the first write of the import to the last: each time the import must either
// report done with every row stored, or fail with a message that says the local database could not
// be written and leave the store exactly as it was; and the database must pass
// PRAGMA integrity_check when opened again, as after a restart.
#include "fault_vfs.hpp"
#include "stored_contents.hpp"
#include "touchpoint/data/importer.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <string>

using namespace touchpoint::data;
using namespace stored_contents;

TEST_CASE("a write error at any point of an import leaves the store as it was, intact, and is reported") {
    const auto path = std::filesystem::temp_directory_path() / "touchpoint_faults.sqlite";
    const auto more = second_file(3000);  // enough rows to write several pages of the table and its indexes

    // The contents before and after a successful import, without faults.
    make_first_store(path);
    const auto before = contents_of(path);
    std::int64_t writes_in_import = 0;
    {
        fault_vfs::Installed counting(0, fault_vfs::Fault::FailOnce);
        auto store = Store::open(path.string());
        REQUIRE(import_file(store, "second.csv", more, {}).rows_loaded == 3000);
        writes_in_import = fault_vfs::plan().writes_seen;
    }
    const auto after = contents_of(path);
    REQUIRE(before.integrity == "ok\n");
    REQUIRE(after.integrity == "ok\n");
    REQUIRE(after.data != before.data);
    REQUIRE(writes_in_import >= 5);  // the journal and the database, several pages each

    for (const auto fault : {fault_vfs::Fault::FailOnce, fault_vfs::Fault::FailFromThere}) {
        int faults = 0;
        for (std::int64_t write = 1; write <= writes_in_import; ++write) {
            CAPTURE(static_cast<int>(fault));
            CAPTURE(write);
            make_first_store(path);
            ImportReport report;
            bool fault_happened = false;
            {
                fault_vfs::Installed failing(write, fault);
                auto store = Store::open(path.string());
                report = import_file(store, "second.csv", more, {});
                fault_happened = fault_vfs::plan().fault_happened;
            }
            const auto now = contents_of(path);  // opened again without the fault: a restart
            CHECK(now.integrity == "ok\n");
            // The count varies by a few writes from run to run (32 and 36 seen): an
            // import that finished before the chosen write must simply be all there.
            if (fault_happened) ++faults;
            if (report.fatal_error) {
                REQUIRE(fault_happened);
                CHECK(report.fatal_error->find("second.csv") == 0);
                CHECK(report.fatal_error->find("could not save to the local database") != std::string::npos);
                CHECK(report.rows_loaded == 0);
                CHECK(now.data == before.data);
            } else {
                // No fault, or only in a write SQLite did not need for the commit: everything landed.
                CHECK(report.rows_loaded == 3000);
                CHECK(now.data == after.data);
            }
        }
        CHECK(faults >= writes_in_import - 8);
    }
    remove_store(path);
}
