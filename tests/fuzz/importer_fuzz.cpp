// A whole import on any bytes into an empty in-memory store; the first byte picks the table. The
// import either loads its accepted rows and reports the rest, or fails and leaves the store empty;
// the counts always add up and what the report says landed is what the store holds. Each input
// runs inside an outer transaction that is rolled back (the import's own becomes a savepoint),
// so every input meets the same empty store without the cost of creating one.
#include "fuzz_check.hpp"
#include "touchpoint/data/importer.hpp"
#include "touchpoint/data/store.hpp"

#include <cstdint>
#include <iterator>
#include <string_view>

using namespace touchpoint::data;

namespace {

constexpr TableKind tables[] = {TableKind::Orders,  TableKind::Customers, TableKind::Touches,
                                TableKind::Surveys, TableKind::Tickets,   TableKind::Assignments};
constexpr std::string_view table_names[] = {"orders", "customers", "touches", "surveys", "tickets", "experiment_assignments"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const auto table = data[0] % std::size(tables);
    const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);

    static Store store = Store::open(":memory:");
    store.execute("BEGIN");
    ImportOptions options;
    options.table = tables[table];
    options.rejected_rows_listed = 100;
    const auto report = import_file(store, "fuzz.csv", bytes, options);
    const auto rows_stored = store.count_rows(table_names[table]);
    FUZZ_CHECK(report.rows_loaded >= 0 && report.rows_rejected >= 0);
    FUZZ_CHECK(report.rows_loaded + report.rows_rejected <= report.rows_read);
    if (report.fatal_error) {
        FUZZ_CHECK(!report.fatal_error->empty());
        FUZZ_CHECK(rows_stored == 0 && store.count_rows("imports") == 0);
    } else {
        // Orders and customers with an id seen twice in the file keep one row.
        FUZZ_CHECK(rows_stored <= report.rows_loaded);
        FUZZ_CHECK(rows_stored > 0 || report.rows_loaded == 0);
    }
    store.execute("ROLLBACK");
    return 0;
}
