" ftdetect/kpi.vim: .kpi files are KPI goal specifications for kpic.
autocmd BufRead,BufNewFile *.kpi setfiletype kpi
