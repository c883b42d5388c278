#pragma once
// A SQLite VFS for fault injection: it wraps the default VFS and counts the writes (xWrite) made
// to every file SQLite opens (the database and its journal). At the write chosen by the test it
// either fails it with SQLITE_IOERR_WRITE (once, or that write and every later one, as a full or
// failing disk does), or kills the process with SIGKILL before the write lands, as a crash does.
// While installed it is the default VFS, so Store::open uses it unchanged.
#include <sqlite3.h>

#include <csignal>
#include <cstdint>
#include <cstring>
#include <stdexcept>

namespace fault_vfs {

enum class Fault {
    FailOnce,       // the chosen write fails; later writes succeed
    FailFromThere,  // the chosen write and every later one fail
    Kill,           // SIGKILL before the chosen write
};

struct Plan {
    std::int64_t fault_at_write = 0;  // 1-based; 0: never
    Fault fault = Fault::FailOnce;
    std::int64_t writes_seen = 0;     // writes attempted while installed
    bool fault_happened = false;
};

inline Plan& plan() {
    static Plan the_plan;
    return the_plan;
}
inline sqlite3_vfs*& real_vfs() {
    static sqlite3_vfs* real = nullptr;
    return real;
}

// The shim's file: SQLite allocates szOsFile bytes for it; the real file follows the header.
struct ShimFile {
    sqlite3_file base;
};
inline sqlite3_file* real_file(sqlite3_file* file) { return reinterpret_cast<sqlite3_file*>(reinterpret_cast<ShimFile*>(file) + 1); }

inline int shim_write(sqlite3_file* file, const void* data, int amount, sqlite3_int64 offset) {
    auto& the_plan = plan();
    const auto write = ++the_plan.writes_seen;
    const bool chosen = the_plan.fault_at_write > 0 && write == the_plan.fault_at_write;
    const bool after = the_plan.fault_at_write > 0 && write > the_plan.fault_at_write;
    if (chosen && the_plan.fault == Fault::Kill) std::raise(SIGKILL);
    if (chosen || (after && the_plan.fault == Fault::FailFromThere)) {
        the_plan.fault_happened = true;
        return SQLITE_IOERR_WRITE;
    }
    auto* real = real_file(file);
    return real->pMethods->xWrite(real, data, amount, offset);
}

// Every other method passes straight through to the real file. Version 1 methods only: the store
// uses a rollback journal, never shared memory or memory-mapped files on disk.
inline int shim_close(sqlite3_file* f) { auto* r = real_file(f); return r->pMethods->xClose(r); }
inline int shim_read(sqlite3_file* f, void* d, int n, sqlite3_int64 o) { auto* r = real_file(f); return r->pMethods->xRead(r, d, n, o); }
inline int shim_truncate(sqlite3_file* f, sqlite3_int64 s) { auto* r = real_file(f); return r->pMethods->xTruncate(r, s); }
inline int shim_sync(sqlite3_file* f, int flags) { auto* r = real_file(f); return r->pMethods->xSync(r, flags); }
inline int shim_file_size(sqlite3_file* f, sqlite3_int64* s) { auto* r = real_file(f); return r->pMethods->xFileSize(r, s); }
inline int shim_lock(sqlite3_file* f, int l) { auto* r = real_file(f); return r->pMethods->xLock(r, l); }
inline int shim_unlock(sqlite3_file* f, int l) { auto* r = real_file(f); return r->pMethods->xUnlock(r, l); }
inline int shim_check_lock(sqlite3_file* f, int* out) { auto* r = real_file(f); return r->pMethods->xCheckReservedLock(r, out); }
inline int shim_file_control(sqlite3_file* f, int op, void* arg) { auto* r = real_file(f); return r->pMethods->xFileControl(r, op, arg); }
inline int shim_sector_size(sqlite3_file* f) { auto* r = real_file(f); return r->pMethods->xSectorSize(r); }
inline int shim_device(sqlite3_file* f) { auto* r = real_file(f); return r->pMethods->xDeviceCharacteristics(r); }

inline const sqlite3_io_methods shim_methods = {
    1,          shim_close,         shim_read,        shim_write,         shim_truncate, shim_sync,
    shim_file_size, shim_lock,      shim_unlock,      shim_check_lock,    shim_file_control,
    shim_sector_size, shim_device,  nullptr,          nullptr,            nullptr,       nullptr,
    nullptr,    nullptr};

inline int shim_open(sqlite3_vfs* vfs, const char* name, sqlite3_file* file, int flags, int* out_flags) {
    auto* real = real_file(file);
    const int rc = real_vfs()->xOpen(real_vfs(), name, real, flags, out_flags);
    // SQLite calls xClose only on a file whose pMethods is set: set it only when the real open worked.
    file->pMethods = rc == SQLITE_OK ? &shim_methods : nullptr;
    (void)vfs;
    return rc;
}

inline sqlite3_vfs& shim_vfs() {
    static sqlite3_vfs vfs = [] {
        sqlite3_vfs* real = sqlite3_vfs_find(nullptr);
        if (!real) throw std::runtime_error("no default SQLite VFS");
        real_vfs() = real;
        sqlite3_vfs shim;
        std::memcpy(&shim, real, sizeof shim);  // every VFS method but xOpen is the real one's
        shim.szOsFile = static_cast<int>(sizeof(ShimFile)) + real->szOsFile;
        shim.pNext = nullptr;
        shim.zName = "touchpoint_fault_injection";
        shim.pAppData = nullptr;
        shim.xOpen = shim_open;
        return shim;
    }();
    return vfs;
}

// Installs the shim as the default VFS for its lifetime, with a fresh plan.
class Installed {
public:
    Installed(std::int64_t fault_at_write, Fault fault) {
        plan() = Plan{fault_at_write, fault, 0, false};
        sqlite3_vfs_register(&shim_vfs(), /*makeDflt=*/1);
    }
    ~Installed() {
        sqlite3_vfs_unregister(&shim_vfs());
        sqlite3_vfs_register(real_vfs(), /*makeDflt=*/1);
    }
    Installed(const Installed&) = delete;
    Installed& operator=(const Installed&) = delete;
};

}  // namespace fault_vfs
