// The page around the WebAssembly module: status line, error reporting, files in and out
// (Open, drag and drop, downloads), the IndexedDB-backed folder that keeps the local
// database across reloads, and the small test API (window.touchpoint) that browser tests
// and benchmarks drive the workbench through.
'use strict';

(function () {
  const status = document.getElementById('status');
  const canvas = document.getElementById('canvas');
  const persistentFolder = '/persistent';

  function showStatus(text) {
    status.textContent = text;
    status.hidden = !text;
  }

  function readJson(exportName) {
    if (!Module.calledRun) throw new Error('touchpoint: the workbench is still loading');
    const text = Module.UTF8ToString(Module.ccall(exportName, 'number', [], []));
    return text ? JSON.parse(text) : null;
  }

  // The limits of touchpoint/limits.hpp, as the module publishes them.
  let limitsRead = null;
  function limits() {
    if (limitsRead) return limitsRead;
    const read = JSON.parse(Module.UTF8ToString(Module._touchpoint_limits_json()));
    if (read.max_import_file_bytes) limitsRead = read;  // published once main() has started
    return read;
  }

  // A file not handed over: the workbench says why in its error toasts.
  function refuseFile(file, reason) {
    Module.ccall('touchpoint_file_refused', null, ['string', 'number', 'string'], [file.name, file.size, reason]);
  }

  function allocate(size) {
    try {
      return Module._malloc(size);
    } catch (error) {
      return 0;  // a failed growth of the memory
    }
  }

  // Copies a file into the wasm heap chunk by chunk (no second full-size copy in JS) and
  // hands the buffer to the workbench, which owns it from then on. A file over the import limit
  // is refused before a byte of it is read.
  async function sendFile(file) {
    if (!Module.calledRun) throw new Error('touchpoint: the workbench is still loading; drop the file again in a moment');
    if (file.size > limits().max_import_file_bytes) {
      refuseFile(file, 'too_large');
      return;
    }
    const pointer = allocate(Math.max(1, file.size));
    if (!pointer) {
      refuseFile(file, 'no_memory');
      return;
    }
    let offset = 0;
    try {
      const reader = file.stream().getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (offset + value.length > file.size) throw new Error('the file changed while it was read');
        Module.HEAPU8.set(value, pointer + offset);
        offset += value.length;
      }
    } catch (error) {
      Module._free(pointer);
      refuseFile(file, error && error.message ? error.message : String(error));
      return;
    }
    Module.ccall('touchpoint_receive_file', null, ['string', 'number', 'number'], [file.name, pointer, offset]);
  }

  function sendFiles(files) {
    // One after another: the workbench runs one import at a time.
    let chain = Promise.resolve();
    for (const file of files) chain = chain.then(() => sendFile(file));
    return chain.catch((error) => console.error(error.message));
  }

  // Writes the persistent folder to IndexedDB; calls that arrive during a sync run after it.
  // A transaction the browser aborts (a full disk, a value over its size limit) ends the sync
  // with its error too: Emscripten's IDBFS listens for errors only and would wait forever.
  let syncing = false;
  let syncAgain = false;
  function persist() {
    if (syncing) {
      syncAgain = true;
      return;
    }
    syncing = true;
    const database = Module.IDBFS.dbs && Module.IDBFS.dbs[persistentFolder];
    let finished = false;
    const finish = (error) => {
      if (finished) return;
      finished = true;
      if (database) database.removeEventListener('abort', onAbort);
      syncing = false;
      if (error) console.error('touchpoint: could not save the local database to IndexedDB: ' + error);
      if (window.touchpoint) window.touchpoint.persistedAt = Date.now();
      if (syncAgain) {
        syncAgain = false;
        persist();
      }
    };
    const onAbort = (event) => finish((event.target && event.target.error) || 'the browser aborted the write');
    if (database) database.addEventListener('abort', onAbort);
    Module.FS.syncfs(false, finish);
  }

  function openFileDialog(accept) {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.multiple = true;
    input.addEventListener('change', () => sendFiles(Array.from(input.files)));
    input.click();
  }

  function download(name, bytes, mimeType) {
    const url = URL.createObjectURL(new Blob([bytes], { type: mimeType }));
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).catch((error) => console.warn('touchpoint: the clipboard refused the copy: ' + error));
      return;
    }
    // Plain http (not localhost): the older way, through a selected text area.
    const area = document.createElement('textarea');
    area.value = text;
    document.body.appendChild(area);
    area.select();
    document.execCommand('copy');
    area.remove();
    canvas.focus();
  }

  // RGBA pixels from the workbench's frame, encoded as PNG by the browser.
  function savePng(name, rgba, width, height) {
    const scratch = document.createElement('canvas');
    scratch.width = width;
    scratch.height = height;
    scratch.getContext('2d').putImageData(new ImageData(new Uint8ClampedArray(rgba.buffer), width, height), 0, 0);
    scratch.toBlob((blob) => download(name, blob, 'image/png'), 'image/png');
  }

  // ---- Sharing (docs/workspace.md) ----
  // A workspace arriving before the module asked for it (the published folder's workspace.json
  // is fetched while the module loads) waits here.
  let pendingWorkspace = null;
  let workspaceWanted = false;

  function deliverWorkspace({ text, source, error }) {
    const size = Module.lengthBytesUTF8(text);
    const pointer = allocate(size + 1);  // the heap, not the stack: a workspace can be large
    if (!pointer) {
      Module.ccall('touchpoint_receive_workspace', null, ['number', 'number', 'string', 'string'],
                   [0, 0, source, `the page has no memory left for its ${size} bytes; reload the page and open it again`]);
      return;
    }
    Module.stringToUTF8(text, pointer, size + 1);
    try {
      Module.ccall('touchpoint_receive_workspace', null, ['number', 'number', 'string', 'string'], [pointer, size, source, error]);
    } finally {
      Module._free(pointer);
    }
  }

  function offerWorkspace(item) {
    if (workspaceWanted) deliverWorkspace(item);
    else pendingWorkspace = item;
  }

  // Called by the module once it can take a workspace.
  function wantWorkspace() {
    workspaceWanted = true;
    if (pendingWorkspace) {
      const item = pendingWorkspace;
      pendingWorkspace = null;
      deliverWorkspace(item);
    }
  }

  async function compressText(text) {
    let bytes = new Uint8Array(0);
    let error = '';
    try {
      const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'));
      bytes = new Uint8Array(await new Response(stream).arrayBuffer());
    } catch (problem) {
      error = 'this browser cannot compress the link (' + (problem && problem.message ? problem.message : problem) + ')';
    }
    const pointer = Module._malloc(Math.max(1, bytes.length));
    Module.HEAPU8.set(bytes, pointer);
    try {
      Module.ccall('touchpoint_receive_compressed', null, ['number', 'number', 'string'], [pointer, bytes.length, error]);
    } finally {
      Module._free(pointer);
    }
  }

  // Inflates a share link's bytes, and stops as soon as the text is larger than a workspace may
  // be (a small link can inflate to gigabytes).
  async function decompressLink(bytes) {
    const most = limits().max_workspace_json_bytes;
    const parts = [];
    let total = 0;
    try {
      const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
      const decoder = new TextDecoder();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        total += value.length;
        if (total > most) {
          reader.cancel().catch(() => {});
          offerWorkspace({ text: '', source: 'link', error: `the workspace in it is larger than ${limits().shown.max_workspace_json_bytes}, ` +
                           'more than a workspace may be; ask for it as a file instead' });
          return;
        }
        parts.push(decoder.decode(value, { stream: true }));
      }
      parts.push(decoder.decode());
    } catch (problem) {
      offerWorkspace({ text: '', source: 'link', error: 'the link is damaged or cut off (' + (problem && problem.message ? problem.message : problem) + ')' });
      return;
    }
    offerWorkspace({ text: parts.join(''), source: 'link', error: '' });
  }

  // A published folder (touchpoint publish) names its workspace in a meta tag.
  const publishedWorkspace = document.querySelector('meta[name="touchpoint-workspace"]');
  if (publishedWorkspace) {
    fetch(publishedWorkspace.content, { cache: 'no-cache' })
      .then((response) => {
        if (!response.ok) throw new Error(publishedWorkspace.content + ': HTTP ' + response.status);
        return response.text();
      })
      .then((text) => offerWorkspace({ text, source: 'published', error: '' }),
            (problem) => offerWorkspace({ text: '', source: 'published', error: String(problem && problem.message ? problem.message : problem) }));
  }

  window.touchpointShell = { persist, openFileDialog, download, copyText, savePng, compressText, decompressLink, wantWorkspace };

  // The test API exists only when the page is opened for tests (?test=1): the module then builds
  // each state when it is read, and a page opened by a person carries none of it.
  const openedForTests = new URLSearchParams(location.search).get('test') === '1';
  if (openedForTests) window.touchpoint = {
    ready: false,  // set by the module after its first frame with data
    persistedAt: 0,  // last time the local database reached IndexedDB
    persistPending: () => syncing || syncAgain,  // a write to IndexedDB is under way or asked for
    metrics: () => readJson('touchpoint_metrics_json'),
    shown: () => readJson('touchpoint_shown_json'),
    layout: () => readJson('touchpoint_layout_json'),
    dataState: () => readJson('touchpoint_data_json'),
    // The frame: section shown, theme, scale, drawing-buffer size and where things were drawn.
    ui: () => readJson('touchpoint_ui_json'),
    importFile: (file) => sendFiles([file]),
    // The limits the page works within (touchpoint/limits.hpp).
    limits: () => limits(),
    // What the buttons do: 'clear_local_data', 'export_database', 'section:<name>',
    // 'theme:light', 'theme:dark', 'help:open', 'help:close', 'help:shortcuts', 'help:glossary',
    // 'help:charts', 'data:import', 'data:orders', 'data:customers', 'segments:segments',
    // 'segments:cohorts', 'segments:rfm', 'segment_rules:{json}', 'undo', 'redo'.
    command: (name) => Module.ccall('touchpoint_command', 'number', ['string'], [name]) === 1,
    // Imports bytes into a scratch store start to end and returns the timings.
    benchmarkImport: async (bytes, name) => {
      const pointer = Module._malloc(Math.max(1, bytes.length));
      Module.HEAPU8.set(bytes, pointer);
      try {
        const result = Module.ccall('touchpoint_benchmark_import', 'number', ['string', 'number', 'number'],
                                    [name, pointer, bytes.length]);
        return JSON.parse(Module.UTF8ToString(result));
      } finally {
        Module._free(pointer);
      }
    },
  };

  window.Module = {
    canvas,
    print: (text) => console.log(text),
    printErr: (text) => console.error(text),
    setStatus: (text) => showStatus(text),
    monitorRunDependencies: (left) => showStatus(left ? 'Loading Touchpoint…' : ''),
    onAbort: (reason) => showStatus('Touchpoint stopped: ' + reason),
    preRun: [() => {
      // The local database lives in a folder backed by IndexedDB: load it before main() runs.
      Module.FS.mkdir(persistentFolder);
      Module.FS.mount(Module.IDBFS, {}, persistentFolder);
      Module.addRunDependency('persistent-folder');
      Module.FS.syncfs(true, (error) => {
        if (error) console.error('touchpoint: could not read the local database from IndexedDB: ' + error);
        Module.removeRunDependency('persistent-folder');
      });
    }],
  };

  window.addEventListener('error', (event) => showStatus('Touchpoint error: ' + event.message));
  // ImGui needs the keyboard focus on the canvas, and the right button for itself.
  canvas.addEventListener('mousedown', () => canvas.focus());
  canvas.addEventListener('contextmenu', (event) => event.preventDefault());
  // The workbench's shortcuts (F1 help, Ctrl+O open, Ctrl+S save, Ctrl+Z / Ctrl+Y undo and
  // redo) would otherwise also open the browser's own help, file and save dialogs.
  window.addEventListener('keydown', (event) => {
    const withCtrl = event.ctrlKey || event.metaKey;
    if (event.key === 'F1' || (withCtrl && ['o', 's', 'z', 'y'].includes(event.key.toLowerCase()))) event.preventDefault();
  });
  // Files dropped anywhere on the page are imported (or opened, for a .sqlite database).
  window.addEventListener('dragover', (event) => event.preventDefault());
  window.addEventListener('drop', (event) => {
    event.preventDefault();
    if (event.dataTransfer && event.dataTransfer.files.length) sendFiles(Array.from(event.dataTransfer.files));
  });

  // Offline use: service_worker.js keeps a copy of the page's files (network first, the copy
  // when the network fails). Only over http(s); a file:// page has no service worker.
  // window.touchpoint.offlineReady resolves to true once the worker controls this page (it has
  // then precached every file), or to false where offline use is not available.
  const offlineReady = (() => {
    if (!('serviceWorker' in navigator) || !/^https?:$/.test(location.protocol)) return Promise.resolve(false);
    const loaded = document.readyState === 'complete'
      ? Promise.resolve()
      : new Promise((resolve) => window.addEventListener('load', resolve, { once: true }));
    // Registered after the page's own downloads, so the precache does not slow the first start.
    return loaded
      .then(() => navigator.serviceWorker.register('service_worker.js'))
      .then(() => navigator.serviceWorker.ready)
      .then(() => navigator.serviceWorker.controller || new Promise((resolve) =>
        navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true })))
      .then(() => true)
      .catch((error) => {
        console.warn('touchpoint: offline use is not available: ' + error);
        return false;
      });
  })();
  if (window.touchpoint) window.touchpoint.offlineReady = offlineReady;
})();
