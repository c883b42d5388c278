// The simulator benchmark's page: loads the wasm module and the cadence templates and exposes
// window.bench for bench/simulator/run.mjs.
//   bench.load(names)            instantiates the module and fetches the cadences (cadences/<name>)
//   bench.run(options)           the timed runs of simulate_cadences (touchpoint_bench_simulator_run)
//   bench.warmUp(workers)        loads the simulation workers ahead of the timed runs
//   bench.inWorkers(options)     the workbench's way: a BackgroundSimulation (the replications split
//                                over Web Workers) stepped once per animation frame with
//                                options.budget_ms until its result is in; times the whole run,
//                                every frame and every step
(() => {
  const log = (text) => { document.getElementById('log').textContent += text + '\n'; };
  let module = null;
  let cadences = [];

  const call = (name, type, value) => JSON.parse(module.ccall(name, 'string', [type], [value]));

  async function load(names) {
    const t0 = performance.now();
    module = await createSimulatorBench();
    const startup_ms = performance.now() - t0;
    cadences = [];
    for (const name of names) {
      const response = await fetch('cadences/' + name);
      if (!response.ok) throw new Error(name + ': HTTP ' + response.status);
      cadences.push(await response.text());
    }
    log(`module ready in ${startup_ms.toFixed(0)} ms; ${cadences.length} cadences`);
    return { startup_ms };
  }

  function run(options) {
    const result = call('touchpoint_bench_simulator_run', 'string', JSON.stringify({ ...options, cadences }));
    if (!result.error) log(`simulate_cadences: ${result.run_ms.map((v) => v.toFixed(0)).join(', ')} ms`);
    return result;
  }

  function warmUp(workers) {
    module.ccall('touchpoint_bench_simulator_warm_up', null, ['number'], [workers]);
  }

  // One job step per animation frame, as the workbench's job runner steps its jobs between
  // frames. Frame intervals are the times between animation-frame callbacks: what the page's
  // frame rate is while the job runs.
  function inWorkers(options) {
    const t0 = performance.now();
    const started = call('touchpoint_bench_simulator_background_start', 'string', JSON.stringify({ ...options, cadences }));
    if (started.error) return Promise.resolve(started);
    return new Promise((resolve) => {
      const frames = [], steps = [];
      let last = null;
      const frame = (now) => {
        if (last !== null) frames.push(now - last);
        last = now;
        const step = call('touchpoint_bench_simulator_background_step', 'number', options.budget_ms);
        steps.push(step.step_ms);
        if (!step.finished) {
          requestAnimationFrame(frame);
          return;
        }
        const total_ms = performance.now() - t0;
        log(`in ${step.workers} workers: ${steps.length} frames, ${total_ms.toFixed(0)} ms`);
        resolve({ total_ms, frames, steps, workers: step.workers, error: step.error, result_digest: step.result_digest });
      };
      requestAnimationFrame(frame);
    });
  }

  window.bench = { load, run, warmUp, inWorkers };
})();
