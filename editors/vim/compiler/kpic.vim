" compiler/kpic.vim: run `kpic check` on the current file with :make.
if exists('current_compiler')
  finish
endif
let current_compiler = 'kpic'
CompilerSet makeprg=kpic\ check\ --color=never\ %
CompilerSet errorformat=%f:%l:%c:\ %trror:\ %m,%f:%l:%c:\ %tarning:\ %m,%f:%l:%c:\ %tote:\ %m,%-G%.%#
