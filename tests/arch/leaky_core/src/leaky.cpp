// A deliberately broken core file: the platform-freedom check must reject it.
#include <emscripten/emscripten.h>
