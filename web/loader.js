// Picks the WebGPU build when the browser offers an adapter, the WebGL2 build
// otherwise (`?backend=webgl2|webgpu` forces one), downloads it with a
// progress bar, and starts it. The textures are inside the wasm file.
const params = new URLSearchParams(location.search);
const progress = document.getElementById('progress');
const status = document.getElementById('status');

async function webgpuAvailable() {
  if (params.get('backend') === 'webgl2') return false;
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
    if (total) progress.value = received / total;
    status.textContent = `Downloading ${(received / 1e6).toFixed(1)} MB${total ? ` of ${(total / 1e6).toFixed(1)} MB` : ''}…`;
  }
  return new Blob(chunks).arrayBuffer();
}

const backend = (await webgpuAvailable()) ? 'webgpu' : 'webgl2';
window.megaconstellationBackend = backend;
window.megaconstellationReady = () => {
  window.megaconstellationFirstFrameMs = performance.now();
  document.getElementById('loading')?.remove();
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
    status.textContent = `megaconstellation could not start: ${e?.message ?? e}`;
    status.className = 'error';
    throw e;
  }
}
