-- End-to-end test of `zhproof lsp` with Neovim's built-in LSP client (Neovim >= 0.7),
-- run headless by tests/lsp/nvim_e2e.sh:
--   ZHPROOF=target/debug/zhproof DIR=/tmp/x nvim --headless -u NONE -n -c 'luafile tests/lsp/nvim_e2e.lua'
-- Opens a Markdown file with 𠮷 (outside the BMP: two UTF-16 code units, four UTF-8 bytes)
-- before a misspelling, waits for the diagnostic, checks its UTF-16 column, applies the
-- code action that fixes it and checks the buffer, then waits for the diagnostics of the
-- edited text (sent through incremental sync) to be empty.
local bin = os.getenv('ZHPROOF')
local dir = os.getenv('DIR')
local failures = 0

local function log(msg)
  io.stdout:write(msg .. '\n')
end

local function check(cond, what)
  if cond then
    log('ok   ' .. what)
  else
    log('FAIL ' .. what)
    failures = failures + 1
  end
end

local function finish()
  if failures > 0 then
    log(failures .. ' check(s) failed')
    vim.cmd('cquit 1')
  else
    log('all checks passed')
    vim.cmd('qall!')
  end
end

local ok, err = pcall(function()
  vim.cmd('filetype on')
  local path = dir .. '/doc.md'
  local f = assert(io.open(path, 'w'))
  f:write('# 标题\n\n𠮷再接再励，继续努力。\n')
  f:close()

  -- The raw notifications, to see the UTF-16 columns the server sent.
  local raw = {}
  local default = vim.lsp.handlers['textDocument/publishDiagnostics']
  vim.lsp.handlers['textDocument/publishDiagnostics'] = function(e, result, ctx, config)
    table.insert(raw, result)
    return default(e, result, ctx, config)
  end

  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  local buf = vim.api.nvim_get_current_buf()
  check(vim.bo[buf].filetype == 'markdown', 'buffer is markdown')
  local client_id = vim.lsp.start_client({
    name = 'zhproof',
    cmd = { bin, 'lsp' },
    root_dir = dir,
  })
  check(client_id ~= nil, 'client started')
  vim.lsp.buf_attach_client(buf, client_id)

  -- Conditions, not timings: the generous limit only ends a broken run.
  local got = vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 20)
  check(got, 'diagnostics received')
  local d = vim.diagnostic.get(buf)[1] or {}
  check(d.code == 'typo.word' or (d.user_data and d.user_data.lsp and d.user_data.lsp.code == 'typo.word'),
    'rule typo.word (got ' .. tostring(d.code) .. ')')
  check(d.lnum == 2, 'line 2 (0-based), got ' .. tostring(d.lnum))
  -- Neovim turns the UTF-16 column into a byte column: 𠮷 is 4 bytes.
  check(d.col == 4, 'byte column 4 in Neovim, got ' .. tostring(d.col))
  local r = raw[#raw] and raw[#raw].diagnostics[1] and raw[#raw].diagnostics[1].range
  check(r and r.start.character == 2 and r['end'].character == 6,
    'UTF-16 range 2..6 on the wire, got ' .. vim.inspect(r))

  local client = vim.lsp.get_client_by_id(client_id)
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = { start = { line = 2, character = 3 }, ['end'] = { line = 2, character = 3 } },
    context = { diagnostics = {} },
  }
  local resp = client.request_sync('textDocument/codeAction', params, 10000, buf)
  check(resp and resp.result and #resp.result > 0, 'code actions received')
  local fix
  for _, a in ipairs((resp and resp.result) or {}) do
    if a.title == '改为“再接再厉”' then fix = a end
  end
  check(fix ~= nil and fix.edit ~= nil, 'a fix action with an edit')
  if fix then
    vim.lsp.util.apply_workspace_edit(fix.edit, 'utf-16')
  end
  local line = vim.api.nvim_buf_get_lines(buf, 2, 3, false)[1]
  check(line == '𠮷再接再厉，继续努力。', 'buffer fixed: ' .. tostring(line))

  -- The edit reaches the server as an incremental change; its re-check clears the list.
  local cleared = vim.wait(20000, function()
    local last = raw[#raw]
    return last and last.version and last.version > 1 and #last.diagnostics == 0
  end, 20)
  check(cleared, 'diagnostics cleared after the fix')
  check(#vim.diagnostic.get(buf) == 0, 'no diagnostics in Neovim')

  -- Ignore here: the suppression comment goes on its own line before the finding.
  vim.api.nvim_buf_set_lines(buf, 2, 3, false, { '𠮷再接再励，继续努力。' })
  got = vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 20)
  check(got, 'diagnostic back after typing the misspelling again')
  resp = client.request_sync('textDocument/codeAction', params, 10000, buf)
  local ignore
  for _, a in ipairs((resp and resp.result) or {}) do
    if a.title:find('在此忽略', 1, true) then ignore = a end
  end
  check(ignore ~= nil, 'an ignore-here action')
  if ignore then
    vim.lsp.util.apply_workspace_edit(ignore.edit, 'utf-16')
  end
  line = vim.api.nvim_buf_get_lines(buf, 2, 3, false)[1]
  check(line == '<!-- zhproof-disable-next-line typo.word -->', 'comment inserted: ' .. tostring(line))
  cleared = vim.wait(20000, function() return #vim.diagnostic.get(buf) == 0 end, 20)
  check(cleared, 'finding suppressed by the comment')

  client.stop()
end)
if not ok then
  log('FAIL error: ' .. tostring(err))
  failures = failures + 1
end
finish()
