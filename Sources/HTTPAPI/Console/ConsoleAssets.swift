/// The console's only static files: its style sheet and the live tail's script (served from
/// this origin, so the pages' Content-Security-Policy allows `'self'` and nothing else).
enum ConsoleAssets {
    /// File name → (media type, content).
    static let files: [String: (contentType: String, body: String)] = [
        "console.css": ("text/css; charset=utf-8", css),
        "live.js": ("text/javascript; charset=utf-8", liveScript),
    ]

    static let css = """
        body { font: 15px/1.45 system-ui, sans-serif; margin: 0; color: #1d2330; background: #f4f6f9; }
        header { display: flex; gap: 1.5em; align-items: center; padding: .6em 1.5em; background: #1d2330; color: #fff; }
        header a { color: #fff; text-decoration: none; }
        header .brand { font-weight: 600; }
        nav { display: flex; gap: 1em; flex: 1; }
        .sign-out { display: flex; gap: .6em; align-items: center; margin: 0; }
        main { padding: 1em 1.5em; }
        h1 { font-size: 1.3em; word-break: break-all; }
        .card { background: #fff; border: 1px solid #d8dde6; border-radius: 6px; padding: .8em 1em; margin: 0 0 1em; max-width: 60em; }
        .card h2 { font-size: 1.05em; margin: 0 0 .5em; }
        label { display: inline-block; margin: .3em 1em .3em 0; }
        table { border-collapse: collapse; background: #fff; width: 100%; margin-bottom: 1em; }
        th, td { border: 1px solid #d8dde6; padding: .3em .6em; text-align: left; font-size: .92em; }
        th { background: #e9edf3; }
        td.hash { font-family: ui-monospace, monospace; }
        .chain, .ok, .broken { font-weight: 700; }
        .ok { color: #167a3a; }
        .broken { color: #b3261e; }
        .message { padding: .6em 1em; background: #fff; border: 1px solid #d8dde6; border-radius: 6px; }
        .actions { display: flex; gap: 1.5em; align-items: center; margin-bottom: 1em; }
        .actions form { margin: 0; }
        pre { background: #fff; border: 1px solid #d8dde6; padding: 1em; overflow: auto; max-height: 40em; }
        .categories { columns: 4; }
        input[type=range] { width: 24em; vertical-align: middle; }
        .hint { color: #5a6475; }

        """

    /// Follows `/console/live/events` (the live feed as Server-Sent Events, with the session
    /// cookie; its frames carry no event name) from the table's `data-after` position and adds a
    /// row per event. Text only: nothing from an event is parsed as HTML.
    static let liveScript = """
        "use strict";
        (function () {
          var table = document.getElementById("tail");
          var status = document.getElementById("live-status");
          var rows = table.tBodies[0];
          var source = new EventSource("/console/live/events?after=" + encodeURIComponent(table.dataset.after));
          function show(text, className) { status.textContent = text; status.className = className; }
          source.onopen = function () { show("connected", "ok"); };
          source.onerror = function () { show("reconnecting…", "broken"); };
          source.addEventListener("disconnect", function () { show("disconnected by the server; reconnecting…", "broken"); });
          source.onmessage = function (message) {
            var event = JSON.parse(message.data);
            var row = rows.insertRow(0);
            row.dataset.position = String(event.position);
            [event.position, event.stream, event.version, event.type, event.recordedAt].forEach(function (value) {
              row.insertCell().textContent = String(value);
            });
          };
        })();

        """
}
