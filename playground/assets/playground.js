// wsisgraph playground bootstrap: GraphiQL + Explorer plugin, with one tab per
// example from /playground/examples.json. Everything is served by the Go
// binary itself; nothing here touches the network beyond this origin.
(function () {
  'use strict';

  var root = ReactDOM.createRoot(document.getElementById('graphiql'));

  // Small string hash used to namespace GraphiQL's localStorage state, so
  // that a changed example set replaces tabs persisted from an older one.
  function hash(s) {
    var h = 5381;
    for (var i = 0; i < s.length; i++) h = ((h << 5) + h + s.charCodeAt(i)) | 0;
    return (h >>> 0).toString(36);
  }

  var baseFetcher = GraphiQL.createFetcher({ url: location.origin + '/graphql' });

  // operationNamed reports whether query defines an operation called name.
  function operationNamed(query, name) {
    return new RegExp('\\b(query|mutation|subscription)\\s+' + name + '\\b').test(query);
  }

  // GraphiQL refreshes the operation name shortly after a tab switch; a query run in that
  // moment would carry the previous tab's name. Drop a name the query does not define.
  function fetcher(params, opts) {
    if (params && params.operationName && !operationNamed(String(params.query || ''), params.operationName)) {
      params = Object.assign({}, params, { operationName: undefined });
    }
    return baseFetcher(params, opts);
  }

  function render(examples) {
    var tabs = examples.map(function (ex) {
      var q = String(ex.query || '');
      // Show the example's name in the editor unless the query already
      // starts with a comment (tab titles come from the operation name).
      if (ex.name && !/^\s*#/.test(q)) q = '# ' + ex.name + '\n' + q;
      return { query: q };
    });
    var explorer = GraphiQLPluginExplorer.explorerPlugin();
    root.render(
      React.createElement(GraphiQL, {
        fetcher: fetcher,
        plugins: [explorer],
        visiblePlugin: explorer, // open the query builder by default
        defaultTabs: tabs.length ? tabs : undefined,
        storage: GraphiQL.createLocalStorage({
          namespace: 'wsisgraph-' + hash(JSON.stringify(tabs)),
        }),
      })
    );
  }

  fetch('/playground/examples.json', { headers: { Accept: 'application/json' } })
    .then(function (r) {
      if (!r.ok) throw new Error('examples.json: HTTP ' + r.status);
      return r.json();
    })
    .then(function (list) { render(Array.isArray(list) ? list : []); })
    .catch(function (err) {
      if (window.console) console.warn('wsisgraph playground:', err);
      render([]);
    });
})();
