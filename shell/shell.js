// The page around the WebAssembly module: status line, error reporting, and the small
// test API (window.touchpoint) that browser tests and scripts drive the workbench through.
'use strict';

(function () {
  const status = document.getElementById('status');
  const canvas = document.getElementById('canvas');

  function showStatus(text) {
    status.textContent = text;
    status.hidden = !text;
  }

  function readJson(exportName) {
    if (!Module.calledRun) throw new Error('touchpoint: the workbench is still loading');
    const text = Module.UTF8ToString(Module.ccall(exportName, 'number', [], []));
    return text ? JSON.parse(text) : null;
  }

  window.touchpoint = {
    ready: false,  // set by the module after its first frame with data
    metrics: () => readJson('touchpoint_metrics_json'),
    shown: () => readJson('touchpoint_shown_json'),
    layout: () => readJson('touchpoint_layout_json'),
  };

  window.Module = {
    canvas,
    print: (text) => console.log(text),
    printErr: (text) => console.error(text),
    setStatus: (text) => showStatus(text),
    monitorRunDependencies: (left) => showStatus(left ? 'Loading Touchpoint…' : ''),
    onAbort: (reason) => showStatus('Touchpoint stopped: ' + reason),
  };

  window.addEventListener('error', (event) => showStatus('Touchpoint error: ' + event.message));
  // ImGui needs the keyboard focus on the canvas, and the right button for itself.
  canvas.addEventListener('mousedown', () => canvas.focus());
  canvas.addEventListener('contextmenu', (event) => event.preventDefault());
})();
