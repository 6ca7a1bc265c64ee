// Starts Det Fælles Designsystem's components (menus, accordions, …) once dkfds.min.js has loaded.
if (window.DKFDS) {
  window.DKFDS.init();
}
