#!/usr/bin/env bash
# Re-runs the probes of issue 10 (hostile local user, wrong restore, failing disk) against a
# built binary and prints one line per probe: what was tried and what happened.
# Usage: tests/probes/hardening.sh [path/to/saludya]   (default: target/debug/saludya)
# Needs: bash, python3 (sqlite3 module), mkfifo, stat. Takes about a minute.
set -u
BIN=$(realpath "${1:-target/debug/saludya}")
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
export HOME=$W XDG_CONFIG_HOME=$W/config XDG_DATA_HOME=$W/data SALUDYA_DB=$W/clinic/saludya.db
export SALUDYA_NOW=2026-03-02T14:00:00Z
ADMIN=admin@clinica.pe PW=tortuga-lluvia-mercado-azul
s() { "$BIN" "$@"; }
code() { "$BIN" "$@" >/dev/null 2>&1; echo $?; }
mode() { stat -c %a "$1" 2>/dev/null || echo absent; }
row() { printf '%-62s %s\n' "$1" "$2"; }

cd "$W"
echo "$PW" | s init --admin-email $ADMIN --password-stdin >/dev/null 2>&1
echo "$PW" | s login --email $ADMIN --password-stdin >/dev/null 2>&1
s patient add --dni 45678912 --first-name Ana --last-name Quispe --email=-2+3@x.pe >/dev/null 2>&1

echo "== 1. clock"
for i in 1 2 3 4 5 6; do
  echo wrong-guess-$i | SALUDYA_NOW=2099-01-01T00:00:00Z s login --email $ADMIN --password-stdin >/dev/null 2>&1
done
msg=$(echo wrong | SALUDYA_NOW=2026-03-02T14:00:00Z s --lang en login --email $ADMIN --password-stdin 2>&1)
row "six failures dated 2099, then a login at the real time" "$(echo "$msg" | grep -o 'Wait [0-9]* min' || echo "$msg")"
ok=$(echo "$PW" | SALUDYA_NOW=2026-03-02T14:01:01Z s login --email $ADMIN --password-stdin >/dev/null 2>&1; echo $?)
row "right password 61 s later (was: locked ~72 years)" "exit $ok"
row "release build on a real database with SALUDYA_NOW" "refused (exit 2) by policy; unit test clock::tests"

echo "== 2. file modes (umask 022 and 000)"
for um in 022 000; do
  d=$W/m$um
  (umask $um; echo "$PW" | "$BIN" --db $d/sub/x.db init --admin-email $ADMIN --password-stdin >/dev/null 2>&1)
  python3 - "$d/sub/x.db" <<'PY' &
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1]); c.execute("select count(*) from auth_staff").fetchall(); time.sleep(2)
PY
  sleep 0.5
  (umask $um; echo "$PW" | "$BIN" --db $d/sub/x.db login --email $ADMIN --password-stdin >/dev/null 2>&1)
  row "umask $um: dir / db / -wal / -shm" "$(mode $d/sub) $(mode $d/sub/x.db) $(mode $d/sub/x.db-wal) $(mode $d/sub/x.db-shm)"
  (umask $um; "$BIN" --db $d/sub/x.db backup $d/copy.db >/dev/null 2>&1; "$BIN" --db $d/sub/x.db export appointments -o $d/a.csv >/dev/null 2>&1)
  row "umask $um: backup / export" "$(mode $d/copy.db) $(mode $d/a.csv)"
  wait
done

echo "== 3. CSV formulas"
echo girasol-montana-cuaderno-rojo | s staff add --email rosa@clinica.pe --name '=HYPERLINK("http://x","y")' --password-stdin >/dev/null 2>&1
n=0; total=0
for cmd in "staff list" "patient show 45678912" "patient list" "specialty list" "doctor list" "payment list" "settings show"; do
  out=$(s --format csv $cmd 2>/dev/null)
  total=$((total + $(echo "$out" | wc -l)))
  n=$((n + $(echo "$out" | python3 -c 'import csv,sys; print(sum(1 for r in csv.reader(sys.stdin) for c in r if c and c[0] in "=+-@\t\r" and not c.lstrip("+-").replace(".","",1).replace(",","",1).isdigit()))')))
done
row "cells that start a formula, 7 csv listings ($total lines)" "$n"

echo "== 4. restore over a stale -wal"
s backup $W/good.db >/dev/null 2>&1
python3 - "$SALUDYA_DB" "$W/crash" <<'PY'
import sqlite3, sys, shutil, os
db, out = sys.argv[1], sys.argv[2]
c = sqlite3.connect(db); c.execute("pragma wal_autocheckpoint=0")
c.execute("insert into auth_login_attempts (email, at, success) values ('x', '2026-03-02T14:00:00Z', 0)"); c.commit()
os.makedirs(out); shutil.copy(db, out + "/saludya.db"); shutil.copy(db + "-wal", out + "/saludya.db-wal")
PY
rc=$(code --db $W/crash/saludya.db restore $W/good.db --force)
chk=$(code --db $W/crash/saludya.db backup check)
row "restore --force over a db with a stale -wal; then backup check" "exit $rc; check exit $chk; kept aside: $(ls $W/crash | grep -c before-restore) files"
python3 -c 'import sqlite3,sys,time; c=sqlite3.connect(sys.argv[1]); c.execute("select 1 from auth_staff").fetchall(); time.sleep(3)' "$SALUDYA_DB" &
sleep 0.5
row "restore while another process has the database open" "exit $(code restore $W/good.db --force)"
wait

echo "== 5. --force on special files"
ln -s $W/victim $W/link; echo keep > $W/victim; mkfifo $W/fifo
for t in /dev/null $W/link $W/fifo; do
  row "backup $t --force / export -o $t --force" "exit $(code backup $t --force) / $(code export appointments -o $t --force)"
done
row "symlink target still intact" "$(cat $W/victim)"

echo "== minor"
med() { python3 - "$@" <<'PY'
import subprocess, sys, time, statistics
bin, email = sys.argv[1], sys.argv[2]
ts = []
for i in range(24):
    t = time.perf_counter()
    subprocess.run([bin, "login", "--email", email, "--password-stdin"], input=b"wrong-password-%d\n" % i,
                   capture_output=True, env=dict(__import__("os").environ, SALUDYA_NOW="2030-%02d-%02dT10:00:00Z" % (i // 28 + 1, i % 28 + 1)))
    ts.append(time.perf_counter() - t)
print("%.1f ms" % (statistics.median(ts) * 1000))
PY
}
row "login median of 24, unknown e-mail (whole process)" "$(med $BIN nadie@clinica.pe)"
row "login median of 24, wrong password (whole process)" "$(med $BIN rosa@clinica.pe)"
echo "$PW" | s login --email $ADMIN --password-stdin >/dev/null 2>&1
row "staff passwd (own) with a wrong current password" "exit $(printf 'wrong-current\nnew-pass-phrase-here-x\n' | "$BIN" staff passwd --password-stdin >/dev/null 2>&1; echo $?)"
tok=$(python3 -c 'import hashlib,os,sys; print(os.path.join(sys.argv[2], hashlib.sha256(os.path.realpath(sys.argv[1]).encode()).hexdigest()[:24] + ".token"))' "$SALUDYA_DB" $W/config/saludya/sessions)
chmod 644 "$tok"
row "token file readable by others" "exit $(code whoami)"
rm "$tok"; ln -s $W/victim "$tok"
row "token file is a symlink: login / victim" "exit $(echo "$PW" | "$BIN" login --email $ADMIN --password-stdin >/dev/null 2>&1; echo $?) / $(cat $W/victim)"
rm "$tok"; echo "$PW" | s login --email $ADMIN --password-stdin >/dev/null 2>&1
row "password contraseña123456 for a new account" "exit $(echo 'contraseña123456' | "$BIN" staff add --email p@clinica.pe --password-stdin >/dev/null 2>&1; echo $?)"
appt=$(s --format json slots --specialty "medicina general" --limit 1 | python3 -c 'import json,sys; s=json.load(sys.stdin)[0]; print(s["doctor_id"], s["start"])')
set -- $appt
aid=$(s --format json appointment book --patient 45678912 --doctor $1 --at "$2 $3" 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
row "card number, expiry and CVV on one line" "exit $(printf '4111111111111111 12/28 123\n\n\n' | "$BIN" pay $aid --method card --card-stdin >/dev/null 2>&1; echo $?); payments: $(s --format json payment list --appointment $aid | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')"
pid=$(s --format json pay $aid --method cash --idempotency-key k1 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
s payment refund $pid --reason prueba >/dev/null 2>&1
row "idempotent retry after the refund" "exit $(code pay $aid --method cash --idempotency-key k1)"
row "error printed to a full stderr (/dev/full)" "exit $("$BIN" patient show 99999999 2>/dev/full >/dev/null; echo $?)"
: > $W/empty.db
row "an empty file as --db (init / whoami); size after" "exit $(echo "$PW" | "$BIN" --db $W/empty.db init --admin-email $ADMIN --password-stdin >/dev/null 2>&1; echo $?) / $(code --db $W/empty.db whoami); $(stat -c %s $W/empty.db) bytes"
row "/dev/null as --db for init" "exit $(echo "$PW" | "$BIN" --db /dev/null init --admin-email $ADMIN --password-stdin >/dev/null 2>&1; echo $?)"
python3 - "$SALUDYA_DB" "$W/dmg" <<'PY'
import sys, os
src, out = sys.argv[1], sys.argv[2]
b = bytearray(open(src, "rb").read()); os.makedirs(out)
for i in range(3 * 4096, len(b) - 4096): b[i] = 0x5A
open(out + "/saludya.db", "wb").write(b); open(out + "/saludya.db-wal", "wb").write(b"\x07" * 4096)
PY
row "damaged db + leftover -wal: patient add / check" "exit $(code --db $W/dmg/saludya.db patient add --dni 41234567 --first-name B --last-name C) / $(code --db $W/dmg/saludya.db check)"
printf 'id,text\na1,me duele la cabeza\na2,dolor \xff de muela\na3,"tos\na4,\na5,me arde al orinar\n' > $W/b.csv
out=$(s orient --batch $W/b.csv --no-store 2>/dev/null)
row "batch: rows out / error rows (of 5)" "$(echo "$out" | wc -l) / $(echo "$out" | grep -c '"error"')"
if [ -x /usr/bin/time ]; then
  /usr/bin/time -o $W/rss -f %M "$BIN" orient --batch /dev/zero --no-store >/dev/null 2>&1
  rss=$(tail -1 $W/rss)
  row "batch of /dev/zero: exit / max RSS" "$(code orient --batch /dev/zero --no-store) / ${rss} KiB"
else
  row "batch of /dev/zero: exit" "$(code orient --batch /dev/zero --no-store)"
fi
row "patient name with U+202E (bidi override)" "exit $(code patient add --dni 40000001 --first-name $'Ana\u202e' --last-name Q)"
if [ "${PROBE_BUSY:-0}" = 1 ]; then
  python3 -c 'import sqlite3,sys,time; c=sqlite3.connect(sys.argv[1], isolation_level=None); c.execute("begin immediate"); time.sleep(40)' "$SALUDYA_DB" &
  sleep 1
  row "write while another desk holds the lock 40 s" "exit $(code patient add --dni 40000002 --first-name Ana --last-name Q)"
  wait
fi

echo "== full disk (a 2 MiB tmpfs in a private mount namespace; needs unshare -rm)"
cat > $W/full.sh <<'INNER'
B=$1; M=$2/full; mkdir -p $M && mount -t tmpfs -o size=2m tmpfs $M || exit 9
export SALUDYA_DB=$M/saludya.db
echo tortuga-lluvia-mercado-azul | $B init --admin-email a@clinica.pe --password-stdin >/dev/null 2>&1
echo tortuga-lluvia-mercado-azul | $B login --email a@clinica.pe --password-stdin >/dev/null 2>&1
$B patient add --dni 45678912 --first-name Ana --last-name Quispe >/dev/null 2>&1
dd if=/dev/zero of=$M/filler bs=4k >/dev/null 2>&1
r() { printf '%-62s %s\n' "$1" "$2"; }
r "full disk: patient list (read)" "exit $($B patient list >/dev/null 2>&1; echo $?)"
r "full disk: patient add (write)" "'The disk is full' said $($B --lang en patient add --dni 41234567 --first-name B --last-name R 2>&1 >/dev/null | grep -c 'The disk is full') time(s)"
r "full disk: backup to another disk" "exit $($B backup $2/copy-from-full.db >/dev/null 2>&1; echo $?)"
INNER
if unshare -rm true 2>/dev/null; then
  unshare -rm bash $W/full.sh "$BIN" "$W"
else
  row "full disk" "skipped: unshare -rm not permitted here"
fi
