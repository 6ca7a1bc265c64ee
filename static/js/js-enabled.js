// Loaded in <head> before the page paints: styles that depend on JavaScript key off the "js" class.
document.documentElement.classList.replace("no-js", "js");
