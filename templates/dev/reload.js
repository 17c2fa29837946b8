// jixiao dev: reload the page when a form or the configuration changes.
new EventSource('/dev/events').addEventListener('message', () => location.reload());
