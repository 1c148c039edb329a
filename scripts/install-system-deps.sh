#!/usr/bin/env bash
# Installs the Debian packages Porchlight needs. Run as root (or with sudo) once per machine.
#   scripts/install-system-deps.sh          what `npm start` needs: ffmpeg (camera recording and motion)
#   scripts/install-system-deps.sh --test   also what `npm test` needs: Chromium for browser tests, a PostgreSQL server,
#                                           GStreamer's RTSP server (a real camera stand-in), poppler (reading report PDFs),
#                                           Mosquitto (the MQTT broker the doorbell-button and Home Assistant tests talk to),
#                                           openssl (a throwaway CA for the mqtts test), faketime (running the suite
#                                           at another date, test/README.md)
set -euo pipefail
want=(ffmpeg)
if [[ "${1:-}" == "--test" ]]; then
  want+=(chromium fonts-dejavu-core postgresql poppler-utils
    gstreamer1.0-rtsp gir1.2-gst-rtsp-server-1.0 python3-gi gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad
    mosquitto openssl faketime)
fi
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  echo "system packages present: ${want[*]}"
  exit 0
fi
SUDO=""
[[ $(id -u) -ne 0 ]] && SUDO="sudo"
echo "installing: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "installed: ${missing[*]}"
