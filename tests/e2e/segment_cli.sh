#!/usr/bin/env bash
# segment_cli.sh - `vocmine-segment` as a filter: every input byte kept
# (spaces only added between adjacent tokens, existing spaces and CRs left
# alone), raw text looked up folded (full width, case, traditional), the
# dictionary flags, and errors for bad options and missing files.
set -euo pipefail
seg="$VM_BIN/vocmine-segment"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# A dictionary of our own, so the result does not depend on jieba.
printf '# test\n服务 100\n态度 100\n很 300\n差 50\n难用 40\napp 20\n' > "$tmp/dict.txt"
mkdir "$tmp/models"
printf '# none\n' > "$tmp/models/words.tsv"
run() { "$seg" --dict "$tmp/dict.txt" --models "$tmp/models" "$@"; }

out=$(printf '服务态度很差\n' | run)
[[ "$out" == "服务 态度 很 差" ]] || fail "basic: '$out'"
# existing spaces show boundaries already and are kept as they are
[[ "$(printf '服务  态度很差！\r\n' | run)" == $'服务  态度 很 差 ！\r' ]] || fail "CR or spaces changed"
# raw text: full width, upper case and traditional script fold for lookup
[[ "$(printf 'ＡＰＰ很難用\n' | run)" == "ＡＰＰ 很 難用" ]] || fail "fold: '$(printf 'ＡＰＰ很難用\n' | run)'"
# empty lines and a last line without newline
[[ "$(printf '\n很差' | run | wc -l)" == 2 ]] || fail "line count"
# deleting the added spaces gives the input back
printf 'abc 5g，wi-fi很差😀👍🏻\t好\n' > "$tmp/in.txt"
run < "$tmp/in.txt" | tr -d ' ' > "$tmp/a"
tr -d ' ' < "$tmp/in.txt" > "$tmp/b"
cmp -s "$tmp/a" "$tmp/b" || fail "bytes changed"

# --lexicons: the lexicon's Chinese terms join the dictionary (as in extract)
mkdir "$tmp/lex"
cp "$VM_SRC"/lexicons/*.tsv "$tmp/lex/"
printf '服务难用\t-1\n' >> "$tmp/lex/sentiment.zh.tsv"
[[ "$(printf '服务难用\n' | run)" == "服务 难用" ]] || fail "without --lexicons"
[[ "$(printf '服务难用\n' | run --lexicons "$tmp/lex")" == "服务难用" ]] || fail "--lexicons term not whole"

# flags and errors
printf '很差\n' | "$seg" --no-dict --models "$tmp/models" > /dev/null || fail "--no-dict"
set +e
"$seg" --bogus < /dev/null 2> /dev/null; [[ $? == 2 ]] || fail "unknown option must exit 2"
"$seg" --dict "$tmp/dict.txt" --no-dict < /dev/null 2> /dev/null; [[ $? == 2 ]] || fail "--dict with --no-dict"
"$seg" --dict "$tmp/none.txt" < /dev/null 2> /dev/null; [[ $? == 1 ]] || fail "missing dictionary must exit 1"
"$seg" --models "$tmp/nowhere" < /dev/null 2> /dev/null; [[ $? == 1 ]] || fail "missing model must exit 1"
"$seg" --lexicons "$tmp/nowhere" < /dev/null 2> /dev/null; [[ $? == 1 ]] || fail "missing lexicons must exit 1"
"$seg" --help > /dev/null; [[ $? == 0 ]] || fail "--help"
echo "ok"
