#pragma once
// Font Awesome 4.7 glyphs (merged into the text font), as UTF-8 strings.
namespace touchpoint::web::icons {

inline constexpr unsigned short first_glyph = 0xf000, last_glyph = 0xf2e0;

inline constexpr const char* data = "\uf1c0";         // database
inline constexpr const char* dashboard = "\uf0e4";    // tachometer
inline constexpr const char* segments = "\uf200";     // pie chart
inline constexpr const char* models = "\uf201";       // line chart
inline constexpr const char* cadences = "\uf073";     // calendar
inline constexpr const char* simulate = "\uf074";     // random
inline constexpr const char* experiments = "\uf0c3";  // flask
inline constexpr const char* trainer = "\uf086";      // comments
inline constexpr const char* share = "\uf1e0";        // share
inline constexpr const char* help = "\uf059";         // question circle
inline constexpr const char* dark_theme = "\uf186";   // moon
inline constexpr const char* light_theme = "\uf185";  // sun
inline constexpr const char* open = "\uf07c";         // folder open
inline constexpr const char* save = "\uf019";         // download
inline constexpr const char* undo = "\uf0e2";
inline constexpr const char* redo = "\uf01e";
inline constexpr const char* close = "\uf00d";
inline constexpr const char* warning = "\uf071";
inline constexpr const char* memory = "\uf2db";       // microchip

}  // namespace touchpoint::web::icons
