// Picks the WebGPU build when the browser offers an adapter, the WebGL2 build
// otherwise (`?backend=webgl2|webgpu` forces one, `auto` or no parameter
// chooses, anything else is refused), downloads it with a progress bar, and
// starts it. The textures are inside the wasm file.
//
// Errors, the loader's or the app's (it writes them into #status with the
// class `error`: bad URL parameters, a panic), stop the loading screen: the
// bar goes, and the screen comes back over the canvas if the app had started,
// since an error there means the app has stopped.
const params = new URLSearchParams(location.search);
const loading = document.getElementById('loading');
const progress = document.getElementById('progress');
const status = document.getElementById('status');
const backends = ['webgl2', 'webgpu', 'auto'];

// How much of the wasm file has arrived (0 to 1): the bar shows it again
// if an error comes while it is indeterminate (starting).
let reached = 0;

new MutationObserver(() => {
  if (!status.classList.contains('error')) return;
  progress.value = reached; // determinate: no animation even where it shows
  loading.classList.add('failed');
  loading.hidden = false;
}).observe(status, { attributes: true, attributeFilter: ['class'] });

/** Shows an error in #status (and the console); the observer above stops the bar. */
function fail(message) {
  console.error(message);
  status.textContent = message;
  status.className = 'error';
}

async function webgpuAdapter() {
  if (!('gpu' in navigator)) return false;
  try {
    return (await navigator.gpu.requestAdapter()) !== null;
  } catch {
    return false;
  }
}

async function download(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const total = Number(response.headers.get('Content-Length')) || 0;
  const reader = response.body.getReader();
  const chunks = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.length;
    if (total) progress.value = reached = received / total;
    status.textContent = `Downloading ${(received / 1e6).toFixed(1)} MB${total ? ` of ${(total / 1e6).toFixed(1)} MB` : ''}…`;
  }
  return new Blob(chunks).arrayBuffer();
}

async function start(choice) {
  const adapter = choice !== 'webgl2' && (await webgpuAdapter());
  if (choice === 'webgpu' && !adapter) {
    fail('backend=webgpu: this browser offers no WebGPU adapter (backend=webgl2 or auto would use WebGL2)');
    return;
  }
  const backend = adapter ? 'webgpu' : 'webgl2';
  window.megaconstellationBackend = backend;
  window.megaconstellationReady = () => {
    window.megaconstellationFirstFrameMs = performance.now();
    // Hidden, not removed: #status stays for errors after the first frame.
    if (!status.classList.contains('error')) loading.hidden = true;
    document.getElementById('megaconstellation').focus();
  };
  try {
    const bytes = await download(`${backend}/megaconstellation_bg.wasm`);
    status.textContent = `Starting (${backend === 'webgpu' ? 'WebGPU' : 'WebGL2'})…`;
    progress.removeAttribute('value');
    const glue = await import(`./${backend}/megaconstellation.js`);
    await glue.default({ module_or_path: bytes });
  } catch (e) {
    // winit hands control to the browser's event loop by throwing this.
    if (!String(e?.message ?? e).startsWith('Using exceptions for control flow')) {
      fail(`megaconstellation could not start: ${e?.message ?? e}`);
      throw e;
    }
  }
}

const choice = params.get('backend') ?? 'auto';
if (backends.includes(choice)) {
  await start(choice);
} else {
  // Refused before anything is downloaded, in the form the app uses for its parameters.
  fail(`backend=${choice}: expected webgl2, webgpu or auto`);
}
