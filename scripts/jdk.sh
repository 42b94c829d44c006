# Sourced by the launcher and scripts: exports JAVA_HOME pointing at a JDK >= 21.
# Order: $JAVA_HOME if it is >= 21, then the newest JDK under /usr/lib/jvm.
_leptoid_jdk_major() {
  local v
  v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  echo "${v%%.*}"
}
_leptoid_pick_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ] && [ "$(_leptoid_jdk_major "$JAVA_HOME")" -ge 21 ] 2>/dev/null; then
    return 0
  fi
  local best="" best_major=0 d m
  for d in /usr/lib/jvm/*; do
    [ -x "$d/bin/javac" ] || continue
    m=$(_leptoid_jdk_major "$d")
    [ -n "$m" ] && [ "$m" -gt "$best_major" ] 2>/dev/null && { best=$d; best_major=$m; }
  done
  if [ "$best_major" -lt 21 ]; then
    echo "leptoid: no JDK >= 21 found (set JAVA_HOME, or install one under /usr/lib/jvm)" >&2
    return 1
  fi
  export JAVA_HOME=$best
}
_leptoid_pick_jdk || exit 1
export PATH="$JAVA_HOME/bin:$PATH"
