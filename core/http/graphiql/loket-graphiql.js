/*
 * Loket's GraphiQL page (served by loket.core.http.graphiql_page): the vendored GraphiQL on this server's
 * /graphql, queries and mutations over HTTP, subscriptions over graphql-transport-ws on the same path.
 *
 * Headers (a bearer token) stay out of localStorage unless the user turns GraphiQL's "Persist headers" setting
 * on: GraphiQL itself drops them from its tabs then, but it keeps them in its history, so every write to
 * storage passes through `storage` below.
 */
(function () {
  "use strict";

  var PERSIST = "graphiql:shouldPersistHeaders";
  var NAMESPACE = "graphiql:";
  var HOLD_HEADERS = ["graphiql:tabState", "graphiql:queries", "graphiql:favorites"];
  var local = window.localStorage;

  function persisting() {
    return local.getItem(PERSIST) === "true";
  }

  /* A stored value without its headers; null when nothing of it may be kept. */
  function withoutHeaders(key, value) {
    if (key === "graphiql:headers") return null;
    if (HOLD_HEADERS.indexOf(key) < 0) return value;
    try {
      return JSON.stringify(JSON.parse(value), function (name, item) { return name === "headers" ? null : item; });
    } catch (error) {
      return null;
    }
  }

  function put(key, value) {
    if (value === null) local.removeItem(key);
    else local.setItem(key, value);
  }

  /* Persistence turned off: whatever headers were kept until now go too. */
  function forgetHeaders() {
    HOLD_HEADERS.concat(["graphiql:headers"]).forEach(function (key) {
      var value = local.getItem(key);
      if (value !== null) put(key, withoutHeaders(key, value));
    });
  }

  function graphiqlKeys() {
    var keys = [];
    for (var i = 0; i < local.length; i++) {
      if (local.key(i).indexOf(NAMESPACE) === 0) keys.push(local.key(i));
    }
    return keys;
  }

  var storage = {
    getItem: function (key) { return local.getItem(key); },
    setItem: function (key, value) {
      if (key === PERSIST) {
        local.setItem(key, value);
        if (value !== "true") forgetHeaders();
        return;
      }
      put(key, persisting() ? value : withoutHeaders(key, value));
    },
    removeItem: function (key) { local.removeItem(key); },
    clear: function () { graphiqlKeys().forEach(function (key) { local.removeItem(key); }); },
    get length() { return graphiqlKeys().length; }
  };

  var here = window.location;
  var endpoint = here.origin + here.pathname;
  var socket = (here.protocol === "https:" ? "wss:" : "ws:") + "//" + here.host + here.pathname;
  var send = GraphiQL.createFetcher({ url: endpoint, subscriptionUrl: socket });

  /* GraphiQL sends the headers editor's object as the websocket's connection_init payload too, where Loket reads
     "authorization" in lower case; over HTTP the case of a header name does not matter. */
  function fetcher(params, options) {
    if (options && options.headers) {
      var headers = {};
      Object.keys(options.headers).forEach(function (name) { headers[name.toLowerCase()] = options.headers[name]; });
      options = Object.assign({}, options, { headers: headers });
    }
    return send(params, options);
  }

  var shared = new URLSearchParams(here.search);  // ?q=<query>&variables=<json>, for links to a query
  ReactDOM.createRoot(document.getElementById("graphiql")).render(React.createElement(GraphiQL, {
    fetcher: fetcher,
    storage: storage,
    query: shared.get("q") || undefined,
    variables: shared.get("variables") || undefined,
    defaultEditorToolsVisibility: "headers",
    isHeadersEditorEnabled: true,
    shouldPersistHeaders: persisting(),
    showPersistHeadersSettings: true,
    inputValueDeprecation: true
  }));
})();
