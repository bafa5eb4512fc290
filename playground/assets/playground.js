// wsisgraph playground bootstrap: GraphiQL + Explorer plugin, with one tab per
// example from /playground/examples.json. Everything is served by the Go
// binary itself; nothing here touches the network beyond this origin.
//
// A link /?query=…&variables=… opens its query (and variables) as the first
// tab; the toolbar's link button puts such a link to the active tab in the
// address bar and, where the browser allows, the clipboard.
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

  // shared is the query of a link (?query=…&variables=…), opened as the first tab; null when
  // the page was opened without one.
  var params = new URLSearchParams(location.search);
  var shared = params.get('query') ? { query: params.get('query'), variables: params.get('variables') || undefined } : null;

  // editorText returns the text of the first CodeMirror editor under selector, '' if none.
  function editorText(selector) {
    var el = document.querySelector(selector);
    return el && el.CodeMirror ? el.CodeMirror.getValue() : '';
  }

  // linkTo returns the address that opens query (and variables, when any) as a tab.
  function linkTo(query, variables) {
    var p = new URLSearchParams();
    p.set('query', query);
    if (variables && variables.trim()) p.set('variables', variables);
    return location.origin + location.pathname + '?' + p.toString();
  }

  // copyLink puts the link to the active tab's query in the address bar and the clipboard.
  function copyLink(ev) {
    var button = ev.currentTarget;
    var link = linkTo(editorText('.graphiql-query-editor .CodeMirror'),
      editorText('section.graphiql-editor-tool .CodeMirror'));
    history.replaceState(null, '', link);
    button.setAttribute('data-link', link);
    var done = function (text) { button.setAttribute('title', text); };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(link).then(
        function () { done('Link copied: it opens this query as a tab'); },
        function () { done('Link in the address bar: copy it from there'); });
    } else {
      done('Link in the address bar: copy it from there');
    }
  }

  var linkButton = React.createElement('button', {
    type: 'button',
    className: 'graphiql-un-styled graphiql-toolbar-button wsisgraph-copy-link',
    'aria-label': 'Copy link',
    title: 'Copy a link that opens this query as a tab',
    onClick: copyLink,
  }, '🔗');

  function render(examples) {
    var tabs = examples.map(function (ex) {
      var q = String(ex.query || '');
      // Show the example's name in the editor unless the query already
      // starts with a comment (tab titles come from the operation name).
      if (ex.name && !/^\s*#/.test(q)) q = '# ' + ex.name + '\n' + q;
      return { query: q };
    });
    if (shared) tabs.unshift(shared);
    var explorer = GraphiQLPluginExplorer.explorerPlugin();
    root.render(
      React.createElement(GraphiQL, {
        fetcher: fetcher,
        plugins: [explorer],
        visiblePlugin: explorer, // open the query builder by default
        defaultTabs: tabs.length ? tabs : undefined,
        toolbar: { additionalContent: linkButton },
        // GraphiQL fills the editors from these, not from a default tab: a link's tab is the
        // first one, and these are its query and variables.
        query: shared ? shared.query : undefined,
        variables: shared ? shared.variables : undefined,
        // A link's tabs are kept apart from the examples' own, so that it opens on its query.
        storage: GraphiQL.createLocalStorage({
          namespace: 'wsisgraph-' + (shared ? 'link-' : '') + hash(JSON.stringify(tabs)),
        }),
      },
        React.createElement(GraphiQL.Logo, null,
          React.createElement('a', { href: '/explore', className: 'explore-link' }, 'Explorer')))
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
