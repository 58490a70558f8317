" syntax/kpi.vim: highlighting for .kpi goal files (kpic). Mirrors the VS Code
" TextMate grammar in editors/vscode/syntaxes/kpi.tmLanguage.json.
if exists('b:current_syntax')
  finish
endif

syn keyword kpiDeclaration import source metric goal owner policy link
syn keyword kpiVerb raise reach keep
syn match   kpiVerb /\<lower\>\(\s\+is\>\)\@!/
syn keyword kpiKeyword by via to within starting below above between
syn keyword kpiKeyword review budget baseline tolerance path for where why from in aggregate about
syn keyword kpiKeyword date format delimiter decimal thousands per
syn match   kpiKeyword /\<\(higher\|lower\)\s\+is\s\+better\>/
syn keyword kpiLogical and or not
syn keyword kpiPeriod daily weekly monthly quarterly yearly
syn match   kpiAggregate /\(\<aggregate\s\+\)\@<=\h\w*/

syn match   kpiDeclName /\(^\s*\(metric\|goal\|source\|owner\|policy\)\s\+\)\@<=\h\w*/
syn match   kpiModule   /\(^\s*import\s\+\)\@<=\h\w*\(\.\h\w*\)*/
syn match   kpiUnit     /\(:\s*\)\@<=\h\w*/

syn match   kpiDate     /\<\d\{4}-\(Q[1-4]\|\d\d\(-\d\d\)\=\)\>/
syn match   kpiDuration /\<\d\+\s\+\(days\=\|weeks\=\|months\=\|quarters\=\|years\=\)\>/
syn match   kpiPoints   /[+-]\=\<\d[0-9_]*\(\.\d\+\)\=pp\>/
syn match   kpiPercent  /[+-]\=\<\d[0-9_]*\(\.\d\+\)\=%/
syn match   kpiNumber   /\<\d[0-9_]*\(\.\d\+\)\=[kMB]\=\>/

syn match   kpiEscape   /\\["\\nt]/ contained
syn region  kpiString   start=/"/ skip=/\\\\\|\\"/ end=/"\|$/ contains=kpiEscape oneline
syn match   kpiComment  /#.*$/ contains=kpiTodo
syn keyword kpiTodo     TODO FIXME XXX contained

hi def link kpiDeclaration Keyword
hi def link kpiVerb        Statement
hi def link kpiKeyword     Keyword
hi def link kpiLogical     Operator
hi def link kpiPeriod      Constant
hi def link kpiAggregate   Function
hi def link kpiDeclName    Identifier
hi def link kpiModule      Include
hi def link kpiUnit        Type
hi def link kpiDate        Number
hi def link kpiDuration    Number
hi def link kpiPoints      Number
hi def link kpiPercent     Number
hi def link kpiNumber      Number
hi def link kpiString      String
hi def link kpiEscape      SpecialChar
hi def link kpiComment     Comment
hi def link kpiTodo        Todo

let b:current_syntax = 'kpi'
