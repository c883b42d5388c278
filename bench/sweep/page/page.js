// The timing sweep benchmark's page: loads the module and the cadence and exposes window.bench
// for bench/sweep/run.mjs.
//   bench.load(cadenceUrl)   instantiates the module and fetches the cadence
//   bench.warmUp(workers)    loads the simulation workers ahead of the timed runs
//   bench.sweep(options)     the workbench's way: a BackgroundSweep (the grid split over the
//                            workers) stepped once per animation frame with options.budget_ms
//                            until its result is in; times the run, every frame and every step
(() => {
  const log = (text) => { document.getElementById('log').textContent += text + '\n'; };
  let module = null;
  let cadence = '';

  const call = (name, type, value) => JSON.parse(module.ccall(name, 'string', [type], [value]));

  async function load(cadenceUrl) {
    const t0 = performance.now();
    module = await createSweepBench();
    const startup_ms = performance.now() - t0;
    const response = await fetch(cadenceUrl);
    if (!response.ok) throw new Error(cadenceUrl + ': HTTP ' + response.status);
    cadence = await response.text();
    log(`module ready in ${startup_ms.toFixed(0)} ms`);
    return { startup_ms };
  }

  function warmUp(workers) {
    module.ccall('touchpoint_bench_sweep_warm_up', null, ['number'], [workers]);
  }

  function sweep(options) {
    const t0 = performance.now();
    const started = call('touchpoint_bench_sweep_start', 'string', JSON.stringify({ ...options, cadence }));
    if (started.error) return Promise.resolve(started);
    return new Promise((resolve) => {
      const frames = [], steps = [];
      let last = null;
      const frame = (now) => {
        if (last !== null) frames.push(now - last);
        last = now;
        const step = call('touchpoint_bench_sweep_step', 'number', options.budget_ms);
        steps.push(step.step_ms);
        if (!step.finished) {
          requestAnimationFrame(frame);
          return;
        }
        const total_ms = performance.now() - t0;
        log(`sweep in ${step.workers} workers: ${total_ms.toFixed(0)} ms`);
        resolve({ total_ms, frames, steps, workers: step.workers, error: step.error, result_digest: step.result_digest, best: step.best,
                  workload: step.workload });
      };
      requestAnimationFrame(frame);
    });
  }

  window.bench = { load, warmUp, sweep };
})();
