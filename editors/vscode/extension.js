// extension.js: the VS Code client for .kpi files. It starts `kpic lsp` (the
// language server built into the compiler) over stdio and lets VS Code's
// language client do the rest: diagnostics, hover, completion, go to
// definition, document symbols, formatting and quick fixes all come from kpic.
'use strict';

const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const config = vscode.workspace.getConfiguration('kpi');
  const command = config.get('server.path', 'kpic');
  const args = ['lsp', ...config.get('server.args', [])];
  const serverOptions = { command, args, transport: TransportKind.stdio };
  const clientOptions = {
    documentSelector: [{ scheme: 'file', language: 'kpi' }, { scheme: 'untitled', language: 'kpi' }],
  };
  client = new LanguageClient('kpi', 'kpic language server', serverOptions, clientOptions);
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
