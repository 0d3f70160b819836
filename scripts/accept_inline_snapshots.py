#!/usr/bin/env python3
# Accepts pending inline insta snapshots (`.*.pending-snap` files) into their sources, like
# `cargo insta accept` without installing cargo-insta. Usage:
#   INSTA_UPDATE=always INSTA_FORCE_PASS=1 cargo test --test cli NAME && scripts/accept_inline_snapshots.py tests
# then review `git diff`.
import glob, json, os, re, sys

root = sys.argv[1]
for pend in glob.glob(os.path.join(root, '**', '.*.pending-snap'), recursive=True):
    src = os.path.join(os.path.dirname(pend), os.path.basename(pend)[1:-len('.pending-snap')])
    entries = {}
    for l in open(pend):
        d = json.loads(l)
        if d.get('new'):
            entries[d['line']] = d['new']['snapshot']  # last run wins
    lines = open(src).read().split('\n')
    # apply from the bottom so line numbers stay valid
    for line in sorted(entries, reverse=True):
        snap = entries[line]
        i = line - 1
        # find the first @"" or @r"..." literal at/after the macro line
        text = '\n'.join(lines[i:])
        m = re.search(r'@(r#*"|")', text)
        if not m:
            print('no literal for', src, line); continue
        start = m.start()
        # find end of literal
        if m.group(1) == '"':
            # plain string: find closing unescaped quote
            j = m.end()
            while text[j] != '"' or text[j-1] == '\\':
                j += 1
            end = j + 1
        else:
            hashes = m.group(1)[1:-1]
            end = text.index('"' + hashes, m.end()) + 1 + len(hashes)
        indent = re.match(r'\s*', lines[i]).group(0) + '    '
        h = '#'
        while ('"' + h) in snap:
            h += '#'
        if '\n' in snap or snap == '':
            body = '\n'.join((indent + s) if s else '' for s in snap.split('\n'))
            lit = '@r' + h + '"\n' + body + '\n' + indent[:-4] + '"' + h
        else:
            lit = '@r' + h + '"' + snap + '"' + h
        text = text[:start] + lit + text[end:]
        lines = lines[:i] + text.split('\n')
    open(src, 'w').write('\n'.join(lines))
    os.remove(pend)
    print('applied', len(entries), 'to', src)
