# Sourced by the scripts: the environment every Touchpoint build runs in.
# Debian's Emscripten runs its JavaScript tools with the machine's node, which does not
# search Debian's module folder by itself (acorn lives there).
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

configure_native() { [[ -f build/native/build.ninja ]] || cmake --preset native >/dev/null; }
configure_wasm() { [[ -f build/wasm/build.ninja ]] || emcmake cmake --preset wasm >/dev/null; }
configure_hardening() { [[ -f build/hardening/build.ninja ]] || cmake --preset hardening >/dev/null; }
