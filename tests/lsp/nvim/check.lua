-- Drives headless Neovim after the documented 0.7 configuration was loaded: opens a flow, waits for the server's
-- diagnostics, lists code actions, runs the preview command, writes what it saw as JSON and quits.
local out = os.getenv("FLOWSCRIPT_NVIM_OUT")
local file = os.getenv("FLOWSCRIPT_NVIM_FILE")
local node = os.getenv("FLOWSCRIPT_NVIM_NODE")
local report = { diagnostics = {}, actions = {}, preview = vim.NIL, preview_buffer = vim.NIL, errors = {} }

local function finish()
  vim.fn.writefile({ vim.fn.json_encode(report) }, out)
  vim.cmd("qa!")
end

local ok, err = pcall(function()
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  report.filetype = vim.api.nvim_buf_get_option(buf, "filetype")
  report.got_diagnostics = vim.wait(60000, function()
    return #vim.diagnostic.get(buf) > 0
  end, 50)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local lsp = (d.user_data or {}).lsp or {}
    table.insert(report.diagnostics, {
      code = d.code or lsp.code, message = d.message, lnum = d.lnum, col = d.col, severity = d.severity,
    })
  end
  local first = vim.diagnostic.get(buf)[1]
  if first then
    local params = {
      textDocument = { uri = vim.uri_from_bufnr(buf) },
      range = {
        start = { line = first.lnum, character = first.col },
        ["end"] = { line = first.end_lnum, character = first.end_col },
      },
      context = { diagnostics = {} },
    }
    local responses = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", params, 30000) or {}
    for _, response in pairs(responses) do
      for _, action in ipairs(response.result or {}) do
        table.insert(report.actions, {
          title = action.title,
          kind = action.kind,
          command = action.command and action.command.command or vim.NIL,
          arguments = action.command and action.command.arguments or vim.NIL,
        })
      end
    end
  end
  -- The documented helper: executeCommand, result shown in a scratch buffer.
  local done = false
  _G.flowscript.preview(node, function(e, result)
    report.preview = e and { error = e } or result
    done = true
  end)
  report.preview_returned = vim.wait(30000, function()
    return done
  end, 50)
  if done then
    report.preview_buffer = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), "\n")
  end
end)
if not ok then
  table.insert(report.errors, tostring(err))
end
finish()
