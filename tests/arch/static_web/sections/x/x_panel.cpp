// A panel that keeps its state in a function-local static: check_web_has_no_static_state.cmake
// must reject it.
struct PanelState {
    int clicks = 0;
};

PanelState& panel_state() {
    static PanelState state;
    return state;
}
