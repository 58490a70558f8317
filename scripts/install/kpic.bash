# bash completion for kpic (installed as
# <datadir>/bash-completion/completions/kpic; docs/install.md).
#
# The commands and options are read from `kpic --help` and `kpic help
# COMMAND` when completing, so the completion knows exactly what the kpic on
# PATH knows. Values: the words of --format=a|b|c and similar; diagnostic
# codes for `kpic explain`; otherwise .kpi files (and folders).

_kpic_words_of() {
    # the option words of a help text's option column: -o, --format=, -O2, ...
    awk '/^ +-/ { sub(/^ +/, ""); split($0, col, /  +/); n = split(col[1], w, /[ ,]+/);
                  for (i = 1; i <= n; i++) if (w[i] ~ /^-/) print w[i] }' |
        sed -e 's/=.*/=/' -e 's/\[.*//' | sort -u
}

_kpic() {
    local cur=${COMP_WORDS[COMP_CWORD]} kpic=${COMP_WORDS[0]}
    local cmd=${COMP_WORDS[1]-}
    COMPREPLY=()
    if [[ $COMP_CWORD -eq 1 ]]; then
        local commands
        commands=$("$kpic" --help 2>/dev/null | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z]*\) .*/\1/p')
        COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
        return
    fi
    case $cmd in
    help)
        COMPREPLY=($(compgen -W "$("$kpic" --help 2>/dev/null |
            sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z]*\) .*/\1/p')" -- "$cur"))
        return ;;
    explain)
        COMPREPLY=($(compgen -W "$("$kpic" explain --list 2>/dev/null | cut -d' ' -f1) --list" -- "$cur"))
        return ;;
    esac
    if [[ $cur == --*=* ]]; then
        # --format=json: the choices the help text lists as a|b|c
        local name=${cur%%=*} choices
        choices=$("$kpic" help "$cmd" 2>/dev/null | grep -o -- "$name=[a-z|-]*" | head -1)
        choices=${choices#*=}
        COMPREPLY=($(compgen -P "$name=" -W "${choices//|/ }" -- "${cur#*=}"))
        return
    fi
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$("$kpic" help "$cmd" 2>/dev/null | _kpic_words_of)" -- "$cur"))
        [[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == *= ]] && compopt -o nospace 2>/dev/null
        return
    fi
    local IFS=$'\n'
    COMPREPLY=($(compgen -o plusdirs -f -X '!*.kpi' -- "$cur"))
    compopt -o filenames 2>/dev/null
}
complete -F _kpic kpic
