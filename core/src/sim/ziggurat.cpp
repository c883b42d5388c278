#include "ziggurat.hpp"

#include <cmath>

namespace touchpoint::sim::detail {

namespace {

ZigguratTables build_tables() {
    ZigguratTables t{};
    // Exponential (Marsaglia & Tsang 2000, zigset).
    {
        double de = exponential_edge, te = de;
        const double ve = 3.949659822581572e-3;  // the area of each strip
        const double q = ve / det_exp(-de);
        t.ke[0] = static_cast<std::uint32_t>((de / q) * two_to_32);
        t.ke[1] = 0;
        t.we[0] = q / two_to_32;
        t.we[255] = de / two_to_32;
        t.fe[0] = 1.0;
        t.fe[255] = det_exp(-de);
        for (int i = 254; i >= 1; --i) {
            de = -det_log(ve / de + det_exp(-de));
            t.ke[i + 1] = static_cast<std::uint32_t>((de / te) * two_to_32);
            te = de;
            t.fe[i] = det_exp(-de);
            t.we[i] = de / two_to_32;
        }
    }
    // Normal.
    {
        double dn = normal_edge, tn = dn;
        const double vn = 9.91256303526217e-3;
        const double q = vn / det_exp(-0.5 * dn * dn);
        t.kn[0] = static_cast<std::uint32_t>((dn / q) * two_to_31);
        t.kn[1] = 0;
        t.wn[0] = q / two_to_31;
        t.wn[127] = dn / two_to_31;
        t.fn[0] = 1.0;
        t.fn[127] = det_exp(-0.5 * dn * dn);
        for (int i = 126; i >= 1; --i) {
            dn = std::sqrt(-2.0 * det_log(vn / dn + det_exp(-0.5 * dn * dn)));
            t.kn[i + 1] = static_cast<std::uint32_t>((dn / tn) * two_to_31);
            tn = dn;
            t.fn[i] = det_exp(-0.5 * dn * dn);
            t.wn[i] = dn / two_to_31;
        }
    }
    return t;
}

}  // namespace

const ZigguratTables& ziggurat_tables() {
    static const ZigguratTables tables = build_tables();
    return tables;
}

}  // namespace touchpoint::sim::detail
