# shellcheck shell=bash
# The jar a script runs (bin/cluster: the node's, bin/benchmark: the benchmark's), built with Maven
# when it is missing or older than one of the files it is built from, so that a change to the
# sources is never run silently on an old jar. Sourced; the caller sets REPO (the repository root).

# stale_jar_source JAR MODULE...: prints the first file found newer than JAR among the root pom.xml
# and each MODULE's pom.xml and src/main/ (what goes into the module's jar); nothing when JAR is
# newer than all of them.
stale_jar_source() {
  local jar="$1" module sources=("$REPO/pom.xml")
  shift
  for module in "$@"; do
    sources+=("$REPO/$module/pom.xml" "$REPO/$module/src/main")
  done
  find "${sources[@]}" -type f -newer "$jar" -print -quit 2>/dev/null || true
}

# ensure_jar NAME JAR MODULE [SOURCE_MODULE...]: builds JAR (mvn package -pl MODULE -am, tests
# skipped) when it is missing or a source file of MODULE and the SOURCE_MODULEs it bundles is
# newer, saying why in one line on stderr ("NAME: building JAR" or "NAME: rebuilding JAR: FILE is
# newer"). Fails when the build fails. Only for a jar this repository builds: a jar the caller
# chose (DYNAMO_JAR, say) is never rebuilt.
ensure_jar() {
  local name="$1" jar="$2" module="$3" newer
  shift 2
  if [[ ! -f "$jar" ]]; then
    printf '%s: building %s\n' "$name" "$jar" >&2
  else
    newer="$(stale_jar_source "$jar" "$@")"
    [[ -n "$newer" ]] || return 0
    printf '%s: rebuilding %s: %s is newer\n' "$name" "$jar" "${newer#"$REPO"/}" >&2
  fi
  (cd "$REPO" && mvn -q -B -Dstyle.color=never -DskipTests package -pl "$module" -am)
}
