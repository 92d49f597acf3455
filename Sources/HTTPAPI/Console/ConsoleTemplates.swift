/// The console's Mustache templates (HTML; every `{{value}}` is escaped). Pages include the
/// `head` and `foot` partials; the head shows the navigation and the sign-out form when the
/// context has `signedIn`.
enum ConsoleTemplates {
    static let all: [String: String] = [
        "head": head, "foot": foot, "sign-in": signIn, "home": home, "streams": streams, "stream": stream, "event": event,
        "state": state, "verify": verify, "projections": projections, "live": live, "error": error,
    ]

    static let head = """
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · Nexus console</title><link rel="stylesheet" href="/console/assets/console.css"></head>
        <body>
        <header><a class="brand" href="/console">Nexus auditor console</a>
        {{#signedIn}}<nav><a href="/console">Streams</a><a href="/console/projections">Projections</a><a href="/console/live">Live tail</a></nav>
        <form class="sign-out" method="post" action="/console/sign-out"><input type="hidden" name="csrf" value="{{csrf}}"><span class="role">{{role}}</span><button type="submit">Sign out</button></form>{{/signedIn}}
        </header>
        <main><h1>{{title}}</h1>

        """

    static let foot = """
        </main>
        </body>
        </html>

        """

    static let signIn = """
        {{> head}}
        {{#message}}<p class="message broken" id="message">{{message}}</p>{{/message}}
        <form class="card" method="post" action="/console/sign-in">
        <input type="hidden" name="csrf" value="{{signInToken}}">
        <label>Email <input type="email" name="email" id="email" required maxlength="{{maxEmail}}" autocomplete="username"></label>
        <label>Password <input type="password" name="password" id="password" required maxlength="{{maxPassword}}" autocomplete="current-password"></label>
        <button type="submit" id="sign-in">Sign in</button>
        </form>
        <p class="hint">Auditors and admins sign in with the credentials of the API's token endpoint.</p>
        {{> foot}}
        """

    static let home = """
        {{> head}}
        <section class="card"><h2>Open a stream</h2>
        <form method="get" action="/console/stream"><label>Stream <input name="name" id="stream-name" required maxlength="{{maxStream}}" placeholder="product-SKU1"></label>
        <button type="submit">Open</button></form></section>
        <section class="card"><h2>Browse by category</h2><ul class="categories">
        {{#categories}}<li><a href="/console/streams?category={{.}}">{{.}}</a></li>{{/categories}}
        </ul></section>
        <section class="card"><h2>Verify everything</h2><p>Recomputes every event's hash chain and reports the first broken link.</p>
        <form method="post" action="/console/verify"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" id="verify-all">Verify everything</button></form></section>
        {{> foot}}
        """

    static let streams = """
        {{> head}}
        <table><thead><tr><th>Stream</th><th>Version</th><th>Last position</th><th>Last change</th></tr></thead><tbody>
        {{#streams}}<tr><td><a href="/console/stream?name={{stream}}">{{stream}}</a></td><td>{{version}}</td><td>{{lastPosition}}</td><td>{{lastRecordedAt}}</td></tr>{{/streams}}
        {{^streams}}<tr><td colspan="4">No streams{{#after}} after {{after}}{{/after}}.</td></tr>{{/streams}}
        </tbody></table>
        {{#next}}<p><a href="/console/streams?category={{category}}&amp;after={{next}}">Next page</a></p>{{/next}}
        {{> foot}}
        """

    static let stream = """
        {{> head}}
        <div class="actions">
        <a href="/console/state?name={{stream}}&amp;position={{lastPosition}}">State as of a position</a>
        <form method="post" action="/console/verify"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="stream" value="{{stream}}"><button type="submit" id="verify-stream">Verify this stream</button></form>
        </div>
        <table id="events"><thead><tr><th>Position</th><th>Version</th><th>Type</th><th>Recorded</th><th>Actor</th><th>Hash</th><th>Chain</th><th></th></tr></thead><tbody>
        {{#events}}<tr><td>{{position}}</td><td><a href="/console/event?name={{stream}}&amp;version={{version}}">{{version}}</a></td><td>{{type}}</td><td>{{recordedAt}}</td><td>{{actor}}</td><td class="hash" title="{{hash}}">{{shortHash}}</td>
        <td class="chain {{#intact}}ok{{/intact}}{{^intact}}broken{{/intact}}" data-version="{{version}}">{{#intact}}✓{{/intact}}{{^intact}}✗{{/intact}}</td>
        <td><a href="/console/state?name={{stream}}&amp;position={{position}}">as of here</a></td></tr>{{/events}}
        </tbody></table>
        {{#previous}}<a href="/console/stream?name={{stream}}&amp;from={{previous}}">Previous page</a> {{/previous}}{{#next}}<a href="/console/stream?name={{stream}}&amp;from={{next}}">Next page</a>{{/next}}
        {{> foot}}
        """

    static let event = """
        {{> head}}
        <p><a href="/console/stream?name={{stream}}&amp;from={{version}}">Back to the stream</a></p>
        <pre id="event-json">{{json}}</pre>
        {{> foot}}
        """

    static let state = """
        {{> head}}
        <form class="card" method="get" action="/console/state"><input type="hidden" name="name" value="{{stream}}">
        <label>Position <input type="range" name="position" id="position-slider" min="{{firstPosition}}" max="{{lastPosition}}" value="{{position}}"></label>
        <output>{{position}}</output><button type="submit">Show</button></form>
        <form class="card" method="get" action="/console/state"><input type="hidden" name="name" value="{{stream}}">
        <label>Global position <input type="number" name="position" id="position" min="0" value="{{position}}"></label><button type="submit">Show</button></form>
        <form class="card" method="get" action="/console/state"><input type="hidden" name="name" value="{{stream}}">
        <label>Recorded at or before (RFC 3339) <input type="text" name="time" id="time" maxlength="40" placeholder="2026-11-27T12:00:00Z" value="{{time}}"></label><button type="submit">Show</button></form>
        <p>As of position <strong id="as-of">{{position}}</strong>: {{count}} event(s), version {{version}} of {{headVersion}}.
        {{#previousPosition}}<a href="/console/state?name={{stream}}&amp;position={{previousPosition}}" id="step-back">◀ previous event</a>{{/previousPosition}}
        {{#nextPosition}}<a href="/console/state?name={{stream}}&amp;position={{nextPosition}}" id="step-forward">next event ▶</a>{{/nextPosition}}</p>
        <pre id="state-json">{{json}}</pre>
        <p><a href="/console/stream?name={{stream}}">Back to the stream</a></p>
        {{> foot}}
        """

    static let verify = """
        {{> head}}
        {{#intact}}<p class="message ok" id="verdict">✓ Intact: {{checked}} event(s) verified{{#stream}} in {{stream}}{{/stream}}.</p>{{/intact}}
        {{#broken}}<p class="message broken" id="verdict">✗ Broken at position {{position}}: stream <a href="/console/stream?name={{brokenStream}}&amp;from={{version}}">{{brokenStream}}</a> version {{version}}: {{reason}} ({{checked}} event(s) verified before it).</p>{{/broken}}
        {{> foot}}
        """

    static let projections = """
        {{> head}}
        <table id="projections"><thead><tr><th>Projection</th><th>Version</th><th>Generation</th><th>Applied position</th><th>Lag (events)</th><th>State</th></tr></thead><tbody>
        {{#projections}}<tr><td>{{name}}</td><td>{{version}}</td><td>{{generation}}</td><td>{{appliedPosition}}</td><td>{{lag}}</td><td>{{state}}</td></tr>{{/projections}}
        </tbody></table>
        <p>Log head: position {{head}}.</p>
        {{> foot}}
        """

    static let live = """
        {{> head}}
        <p>Events appended from position {{head}} on, as they commit. <span id="live-status">connecting…</span></p>
        <table id="tail" data-after="{{head}}"><thead><tr><th>Position</th><th>Stream</th><th>Version</th><th>Type</th><th>Recorded</th></tr></thead><tbody></tbody></table>
        <script src="/console/assets/live.js"></script>
        {{> foot}}
        """

    static let error = """
        {{> head}}
        <p class="message broken" id="error">{{detail}}</p>
        {{#errors.count}}<ul>{{#errors}}<li>{{field}}: {{message}}</li>{{/errors}}</ul>{{/errors.count}}
        <p><a href="/console">Back to the console</a></p>
        {{> foot}}
        """
}
