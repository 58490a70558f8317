" ftplugin/kpi.vim: editing settings for .kpi files: '#' comments, two-space
" indentation as `kpic fmt` writes it, and `kpic check` as the :make program
" (its gcc-style file:line:col messages fill the quickfix list).
if exists('b:did_ftplugin')
  finish
endif
let b:did_ftplugin = 1

setlocal commentstring=#\ %s comments=:#
setlocal expandtab shiftwidth=2 softtabstop=2
setlocal iskeyword=@,48-57,_
compiler kpic
let b:undo_ftplugin = 'setlocal commentstring< comments< expandtab< shiftwidth< softtabstop< iskeyword< makeprg< errorformat<'
