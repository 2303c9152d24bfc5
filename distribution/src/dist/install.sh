#!/bin/sh
# Installs closedloop from this unpacked archive on a Raspberry Pi (Raspberry Pi OS bookworm, arm64 or armhf).
# Every step is also written out in docs/install.md, for a lab that prefers to type them.
#
#   sudo ./install.sh              install or upgrade, enable and (re)start the daemon
#   sudo ./install.sh --no-start   the same, but leave the daemon stopped
#   ./install.sh --destdir DIR     stage every file under DIR and touch nothing else: no user, no groups, no
#                                  systemctl, no udevadm (for inspection and for the tests)
#
# What it does:
#   1. checks Java 17+ (it does not install it: sudo apt-get install openjdk-17-jre-headless)
#   2. creates the system user `closedloop` (no login, no home) and puts it in the groups dialout and gpio
#   3. copies this directory to /opt/closedloop-VERSION and points /opt/closedloop at it (an upgrade keeps the old
#      version's directory: switch the link back to roll back); /usr/local/bin/closedloop runs it
#   4. /etc/closedloop: closedloop.env, tinylog.properties and trusted-keys/ (root:closedloop 0750). A config file
#      you changed is never overwritten: the new one is written next to it as FILE.dist
#   5. the systemd unit to /etc/systemd/system/ (replaced; put local changes in `systemctl edit closedloop-daemon`)
#   6. the udev rules to /etc/udev/rules.d/99-closedloop.rules (kept if you changed them, like step 4)
#   7. reloads systemd and udev, enables the daemon and (re)starts it
set -eu

usage() {
  sed -n '5,9p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

destdir=
start=yes
while [ $# -gt 0 ]; do
  case $1 in
    --destdir) [ $# -ge 2 ] || usage; destdir=$2; shift 2 ;;
    --destdir=*) destdir=${1#--destdir=}; shift ;;
    --no-start) start=no; shift ;;
    -h|--help) usage ;;
    *) echo "install.sh: unknown option '$1'" >&2; usage ;;
  esac
done

src=$(cd "$(dirname "$0")" && pwd)
version=$(cat "$src/VERSION")
case $version in
  ''|*[!A-Za-z0-9._-]*) echo "install.sh: VERSION='$version' in $src is not a version; is this an unpacked closedloop archive?" >&2; exit 2 ;;
esac
if [ -n "$destdir" ]; then
  mkdir -p "$destdir"
  destdir=$(cd "$destdir" && pwd)
elif [ "$(id -u)" -ne 0 ]; then
  echo "install.sh: run it as root: sudo $0 (or stage the files with --destdir DIR)" >&2
  exit 2
fi

say() { printf 'install.sh: %s\n' "$*"; }
warn() { printf 'install.sh: WARNING: %s\n' "$*" >&2; }

# 1. Java
java_feature=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' || true)
if [ -z "$java_feature" ] || [ "$java_feature" -lt 17 ]; then
  msg="Java 17 or newer is needed (found: ${java_feature:-none}); install it: sudo apt-get install openjdk-17-jre-headless"
  if [ -n "$destdir" ]; then warn "$msg"; else echo "install.sh: $msg" >&2; exit 1; fi
fi

# 2. user and groups
if [ -z "$destdir" ]; then
  if ! getent passwd closedloop >/dev/null; then
    useradd --system --user-group --home-dir /var/lib/closedloop --no-create-home --shell /usr/sbin/nologin \
      --comment "closedloop controller daemon" closedloop
    say "created system user closedloop"
  fi
  for group in dialout gpio; do
    if ! getent group "$group" >/dev/null; then
      # Raspberry Pi OS has both; elsewhere /dev/gpiochip* must also be given to the group (docs/install.md)
      groupadd --system "$group"
      warn "created the missing group $group; make sure the devices belong to it (docs/install.md, Groups)"
    fi
    usermod -aG "$group" closedloop
  done
fi

# 3. the software
opt=$destdir/opt
target=$opt/closedloop-$version
mkdir -p "$opt"
if [ -e "$target" ]; then
  say "replacing the existing $target"
  rm -rf "$target"
fi
mkdir "$target"
for item in VERSION README.txt install.sh bin lib conf systemd udev examples docs; do
  cp -R "$src/$item" "$target/"
done
chmod -R u=rwX,go=rX "$target"
ln -sfn "closedloop-$version" "$opt/closedloop"
mkdir -p "$destdir/usr/local/bin"
ln -sfn /opt/closedloop/bin/closedloop "$destdir/usr/local/bin/closedloop"
say "installed $target; /opt/closedloop -> closedloop-$version"

# 4.-6. configuration: never overwrite a file the lab changed
install_config() { # SOURCE DEST
  if [ ! -e "$2" ]; then
    cp "$1" "$2"
    chmod 0644 "$2"
  elif cmp -s "$1" "$2"; then
    :
  else
    cp "$1" "$2.dist"
    chmod 0644 "$2.dist"
    warn "kept your $2; this version's is $2.dist (compare: diff $2 $2.dist)"
  fi
}
etc=$destdir/etc
mkdir -p "$etc/closedloop" "$etc/systemd/system" "$etc/udev/rules.d"
chmod 0755 "$etc/closedloop"
install_config "$src/conf/closedloop.env" "$etc/closedloop/closedloop.env"
install_config "$src/conf/tinylog.properties" "$etc/closedloop/tinylog.properties"
mkdir -p "$etc/closedloop/trusted-keys"
chmod 0750 "$etc/closedloop/trusted-keys"
if [ -z "$destdir" ]; then
  chown root:closedloop "$etc/closedloop/trusted-keys"
fi
cp "$src/systemd/closedloop-daemon.service" "$etc/systemd/system/closedloop-daemon.service"
chmod 0644 "$etc/systemd/system/closedloop-daemon.service"
install_config "$src/udev/99-closedloop.rules" "$etc/udev/rules.d/99-closedloop.rules"

if [ -n "$destdir" ]; then
  say "staged under $destdir (nothing else was changed)"
  exit 0
fi

# 7. activate
udevadm control --reload || warn "udevadm control --reload failed; reboot to load the udev rules"
udevadm trigger --subsystem-match=tty --subsystem-match=usb-serial || warn "udevadm trigger failed; replug the USB devices"
systemctl daemon-reload
systemctl enable closedloop-daemon.service
if [ "$start" = yes ]; then
  systemctl restart closedloop-daemon.service
  say "closedloop-daemon (re)started: systemctl status closedloop-daemon; journalctl -u closedloop-daemon"
fi

if [ -z "$(find /etc/closedloop/trusted-keys -name '*.pub' 2>/dev/null | head -n 1)" ]; then
  warn "no trusted keys yet: every upload is refused until an author's NAME.pub is in /etc/closedloop/trusted-keys"
  warn "  (sudo install -m 0644 NAME.pub /etc/closedloop/trusted-keys/ && sudo systemctl restart closedloop-daemon)"
fi
cat <<EOF
Next:
  sudo usermod -aG closedloop USER      # each person who uploads protocols or reads the audit log (log in again)
  grep serial /etc/udev/rules.d/99-closedloop.rules   # write the stimulator's USB serial number there
  sudo -u closedloop closedloop doctor  # checks Java, ports, latency timer, GPIO, clock, disk, keys
EOF
