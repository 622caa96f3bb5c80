// A classic script beside the modules: if they cannot load (the network, a failed deploy), the page would stay on
// "Loading the console…" for ever. After a while without the console starting, it says so instead.
setTimeout(() => {
  if (document.documentElement.dataset.console) return;
  const state = document.querySelector('#main .state');
  if (!state) return;
  state.textContent = 'The console could not load. Check your connection, then reload the page.';
  state.setAttribute('role', 'alert');
}, 10000);
