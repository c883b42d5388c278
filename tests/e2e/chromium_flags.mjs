// Flags verified for headless WebGL2 on this kind of machine; the background-networking ones
// stop Chromium from trying to reach the internet. Shared by the browser tests and the
// browser benchmark (bench/browser), so both run the browser the same way.
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
