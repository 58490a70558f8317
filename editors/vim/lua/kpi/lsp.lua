-- lua/kpi/lsp.lua: start `kpic lsp` for .kpi buffers with Neovim's built-in
-- client (Neovim 0.7 and later). Use it from init.lua:
--
--   require('kpi.lsp').setup({ cmd = { 'kpic', 'lsp' } })
--
-- The root folder is the nearest parent with a .git folder or a kpi.toml,
-- else the file's own folder. Everything the server offers (diagnostics,
-- hover, go to definition, completion, symbols, formatting, code actions)
-- then works through the standard vim.lsp commands and mappings.
local M = {}

local defaults = {
  cmd = { 'kpic', 'lsp' },
  name = 'kpic',
  root_markers = { '.git', 'kpi.toml' },
}

local function find_root(path, markers)
  local dir = vim.fn.fnamemodify(path, ':p:h')
  while dir and dir ~= '' do
    for _, marker in ipairs(markers) do
      if vim.loop.fs_stat(dir .. '/' .. marker) then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir then break end
    dir = parent
  end
  return vim.fn.fnamemodify(path, ':p:h')
end

-- Starts (or reuses) the server for buffer bufnr.
function M.start(bufnr, opts)
  opts = vim.tbl_extend('force', defaults, opts or {})
  local path = vim.api.nvim_buf_get_name(bufnr)
  local root = find_root(path, opts.root_markers)
  -- completion with <C-x><C-o> comes from the server
  vim.bo[bufnr].omnifunc = 'v:lua.vim.lsp.omnifunc'
  return vim.lsp.start({
    name = opts.name,
    cmd = opts.cmd,
    root_dir = root,
    on_attach = opts.on_attach,
  }, { bufnr = bufnr })
end

-- vim.lsp.start arrived in Neovim 0.8; on 0.7 fall back to start_client.
if not vim.lsp.start then
  local clients = {}
  vim.lsp.start = function(config, o)
    local key = config.name .. '\0' .. config.root_dir
    local id = clients[key]
    if not id or vim.lsp.get_client_by_id(id) == nil then
      id = vim.lsp.start_client(config)
      clients[key] = id
    end
    if id then vim.lsp.buf_attach_client(o.bufnr, id) end
    return id
  end
end

function M.setup(opts)
  local group = vim.api.nvim_create_augroup('kpi_lsp', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = 'kpi',
    callback = function(args) M.start(args.buf, opts) end,
  })
end

return M
