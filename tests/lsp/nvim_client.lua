-- nvim_client.lua: a headless Neovim session that uses the editor package in
-- editors/vim exactly as a user would (filetype detection, then
-- require('kpi.lsp').setup), waits for the diagnostics kpic lsp publishes for
-- the opened file, and writes them to $KPI_NVIM_OUT, one per line:
--   <line0>:<col0>:<severity>:<code>:<message>
-- It also runs a hover request through the real client, :make (kpic check
-- through the compiler plugin, into the quickfix list), and reads the syntax
-- group of the first word.
local out_path = os.getenv('KPI_NVIM_OUT')
local kpic = os.getenv('KPI_KPIC')
vim.opt.runtimepath:prepend(os.getenv('KPI_EDITORS_VIM'))
vim.cmd('filetype plugin on')
vim.cmd('syntax on')
require('kpi.lsp').setup({ cmd = { kpic, 'lsp' } })

local function finish(lines)
  local f = io.open(out_path, 'w')
  f:write(table.concat(lines, '\n'), '\n')
  f:close()
  vim.cmd('qall!')
end

vim.api.nvim_create_autocmd('VimEnter', {
  callback = function()
    local buf = vim.api.nvim_get_current_buf()
    local lines = { 'filetype:' .. vim.bo[buf].filetype }
    local got = vim.wait(15000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
    if not got then
      table.insert(lines, 'no diagnostics arrived')
      return finish(lines)
    end
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or '?'
      table.insert(lines, string.format('%d:%d:%d:%s:%s', d.lnum, d.col, d.severity, code,
        (d.message:gsub('\n', ' '))))
    end
    -- a hover on the first line's metric name, through the client
    local params = { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = 0, character = 8 } }
    local hover = vim.lsp.buf_request_sync(buf, 'textDocument/hover', params, 10000)
    for _, res in pairs(hover or {}) do
      if res.result and res.result.contents then
        table.insert(lines, 'hover:' .. (res.result.contents.value:gsub('\n', ' ')))
      end
    end
    -- :make runs `kpic check` through editors/vim/compiler/kpic.vim
    vim.cmd('silent make')
    for _, q in ipairs(vim.fn.getqflist()) do
      if q.valid == 1 then
        table.insert(lines, string.format('make:%d:%d:%s:%s', q.lnum, q.col, q.type, q.text))
      end
    end
    table.insert(lines, 'syntax:' .. vim.fn.synIDattr(vim.fn.synID(1, 1, 1), 'name'))
    finish(lines)
  end,
})
